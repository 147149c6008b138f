import { Arg, Args, Ctx, ID, Query, Resolver, type ClassType } from 'type-graphql';
import { authorize } from '../auth/permissions';
import type { RequestContext } from '../context';
import type { OrderByValue } from '../graphql/filters';
import { ConnectionArgs, type Connection } from '../graphql/pagination';
import { AuditEntry, AuditEntryConnection } from './audit.entity';
import { AuditEntryFilter, AuditEntryOrder } from './audit.filter';
import { listAuditLog } from './audit.service';

/** `<fieldName>(first, after, recordType, recordId, filter, orderBy)`: a subgraph's audit log, newest first, ADMIN only. */
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
      @Arg('filter', () => AuditEntryFilter, {
        nullable: true,
        description: 'Only entries meeting these conditions.',
      })
      filter: AuditEntryFilter | undefined,
      @Arg('orderBy', () => AuditEntryOrder, {
        nullable: true,
        description: 'The order of the list; newest first when omitted.',
      })
      orderBy: OrderByValue | undefined,
      @Ctx() ctx: RequestContext,
    ): Promise<Connection<AuditEntry>> {
      authorize(ctx.identity, 'read', 'AuditLog');
      return listAuditLog(ctx, args, { recordType, recordId, filter, orderBy });
    }
  }
  return AuditLogResolver;
}
