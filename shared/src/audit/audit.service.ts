import { listPage } from '../graphql/list-page';
import type { RequestContext } from '../context';
import { assertId } from '../errors';
import { type ListQueryArgs } from '../graphql/filters';
import { type Connection, type ConnectionArgs, type SortKey } from '../graphql/pagination';
import { AuditEntry } from './audit.entity';
import { AuditEntryFilter } from './audit.filter';

const NEWEST_FIRST: SortKey = { property: 'createdAt', direction: 'DESC' };

/** The older arguments of the audit log list, kept beside `filter`. */
export interface AuditLogArgs extends ListQueryArgs {
  recordType?: string | null;
  recordId?: string | null;
}

/** One page of a subgraph's audit log, newest first unless `orderBy` says otherwise. */
export async function listAuditLog(
  ctx: RequestContext,
  args: ConnectionArgs,
  { recordType, recordId, ...query }: AuditLogArgs,
): Promise<Connection<AuditEntry>> {
  const repo = ctx.dataSource.getRepository(AuditEntry);
  const qb = repo.createQueryBuilder('entry');
  if (recordType) qb.andWhere('entry.record_type = :recordType', { recordType });
  if (recordId) qb.andWhere('entry.record_id = :recordId', { recordId: assertId('record', recordId) });
  const spec = { typeName: 'AuditEntry', filterType: AuditEntryFilter, searchIn: [] };
  return listPage(ctx, repo, qb, spec, args, query, NEWEST_FIRST);
}
