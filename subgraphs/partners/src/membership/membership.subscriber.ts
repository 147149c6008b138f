import type {
  DataSource,
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  RemoveEvent,
  SoftRemoveEvent,
  TransactionCommitEvent,
  UpdateEvent,
} from 'typeorm';
import type { MembershipCheck } from '@sales-graph/shared/auth/membership';
import { ApiKey } from '../api-keys';
import { PartnerUser } from '../partner-users';
import { Partner } from '../partners';

/** The records membership is read from: any write to them forgets every cached membership. */
const MEMBERSHIP_RECORDS: ReadonlySet<unknown> = new Set([Partner, PartnerUser, ApiKey]);

/**
 * Invalidates the PRM's membership cache once a transaction that wrote a partner (its status), a
 * partner user (removed, activated) or an API key (revoked) commits: a listener on record events,
 * so no service that changes membership can forget it.
 */
export function invalidateMembershipOnChange(dataSource: DataSource, check: MembershipCheck): void {
  // Transactions that wrote such a record (not `queryRunner.data`: each save replaces it).
  const pending = new WeakSet<QueryRunner>();
  const changed = (queryRunner: QueryRunner | undefined, target: unknown) => {
    if (!MEMBERSHIP_RECORDS.has(target)) return;
    if (queryRunner?.isTransactionActive) pending.add(queryRunner);
    else check.invalidate();
  };
  const subscriber: EntitySubscriberInterface = {
    afterInsert: (event: InsertEvent<unknown>) => changed(event.queryRunner, event.metadata.target),
    afterUpdate: (event: UpdateEvent<unknown>) => changed(event.queryRunner, event.metadata.target),
    afterRemove: (event: RemoveEvent<unknown>) => changed(event.queryRunner, event.metadata.target),
    afterSoftRemove: (event: SoftRemoveEvent<unknown>) => changed(event.queryRunner, event.metadata.target),
    afterTransactionCommit: (event: TransactionCommitEvent) => {
      if (event.queryRunner.isTransactionActive || !pending.delete(event.queryRunner)) return;
      check.invalidate();
    },
    afterTransactionRollback: (event) => {
      if (!event.queryRunner.isTransactionActive) pending.delete(event.queryRunner);
    },
  };
  dataSource.subscribers.push(subscriber);
}
