import { Arg, Args, Ctx, ID, Query, Resolver, type ClassType } from 'type-graphql';
import { authorize } from '../auth/permissions';
import type { RequestContext } from '../context';
import { assertId } from '../errors';
import { ConnectionArgs, paginate, type Connection } from '../graphql/pagination';
import { AuditEntry, AuditEntryConnection } from './audit.entity';

/** `<fieldName>(first, after, recordType, recordId)`: a subgraph's audit log, newest first, ADMIN only. */
export function auditLogResolver(fieldName: string, description: string): ClassType {
  @Resolver()
  class AuditLogResolver {
    @Query(() => AuditEntryConnection, { name: fieldName, description })
    async auditLog(
      @Args(() => ConnectionArgs) args: ConnectionArgs,
      @Arg('recordType', () => String, {
        nullable: true,
        description: 'Only changes to records of this type, e.g. "Deal" or "DealRegistration".',
      })
      recordType: string | undefined,
      @Arg('recordId', () => ID, { nullable: true, description: 'Only changes to this record.' })
      recordId: string | undefined,
      @Ctx() ctx: RequestContext,
    ): Promise<Connection<AuditEntry>> {
      authorize(ctx.identity, 'read', 'AuditLog');
      const repo = ctx.dataSource.getRepository(AuditEntry);
      const qb = repo.createQueryBuilder('entry');
      if (recordType) qb.andWhere('entry.record_type = :recordType', { recordType });
      if (recordId) qb.andWhere('entry.record_id = :recordId', { recordId: assertId('record', recordId) });
      return paginate(repo, await ctx.scope.where(qb), args, { property: 'createdAt', direction: 'DESC' });
    }
  }
  return AuditLogResolver;
}
