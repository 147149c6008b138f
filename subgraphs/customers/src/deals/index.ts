export { Deal, DealConnection, DealStage, DealStageChange } from './deal.entity';
export type { DealEvents } from './deal.events';
export {
  dealEvenDeleted,
  dealFilterFor,
  dealOfLeadIn,
  dealsOfCustomer,
  dealsOfLead,
  findDeal,
  getDeal,
  insertDeal,
  lockDealExternalRef,
  newDealValues,
  openDealTotalsOfCustomers,
  openDealsOfCustomers,
} from './deal.service';
export { dealPipelineSql, dealStageIdSql } from './1764233300100-CrmDealPipelineStage';
export { dealForecastFactsSql } from './deal.forecast-facts';
export { liveDealFactsOfLeadSql, liveDealFactsSql } from './deal.facts-sql';
export { DEAL_SEARCH, DealFilter } from './deal.filter';
export { STAGE_PROBABILITY } from './deal.rules';
export { DEAL_OWNERSHIP } from './deal.ownership';
export { reconcileDealChannels, type DealChannelDrift } from './deal-derived-columns';
export { DealLineItem } from './deal-line-item.entity';
export { DealLineItemInput } from './deal-line-item.input';
export { replaceLineItems } from './deal-line-item.service';
export { dealStageChangeTimelineSource } from './deal.timeline';
export {
  DEAL_KEYS_SQL,
  liveDealsByIdSql,
  liveDealsOfCustomersSql,
  liveDealsSql,
  readableDeals,
  readableDealsSql,
} from './deal.sql';
