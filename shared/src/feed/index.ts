/** The change feed (README "Change feed"): one mechanism for both subgraphs. */
export {
  readChanges,
  changeFeedBound,
  purgeChanges,
  changeFeedRetentionJob,
  type ChangeOp,
  type ChangeRow,
  type ChangeTypeFilter,
  type ReadChangesOptions,
} from './feed';
export { changeFeedSql, changeFeedTriggersSql, dropChangeFeedSql, type ChangeFeedTable } from './feed.sql';
export {
  changeFeedResolver,
  ChangeOperation,
  FEED_DEFAULT_PAGE,
  FEED_MAX_PAGE,
  type ChangeFeedOptions,
  type FeedTypeSpec,
} from './feed.graphql';
