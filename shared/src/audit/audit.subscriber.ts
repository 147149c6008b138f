import {
  EventSubscriber,
  type EntityManager,
  type EntityMetadata,
  type EntitySubscriberInterface,
  type InsertEvent,
  type ObjectLiteral,
  type RecoverEvent,
  type RemoveEvent,
  type SoftRemoveEvent,
  type UpdateEvent,
} from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { currentRequest } from '../http';
import { AuditAction, AuditEntry } from './audit.entity';

type Row = Record<string, unknown>;

function snapshot(metadata: EntityMetadata, entity: ObjectLiteral | undefined): Row | null {
  if (!entity) return null;
  const row: Row = {};
  for (const column of metadata.columns) {
    const value = column.getEntityValue(entity);
    if (value !== undefined) row[column.propertyName] = value instanceof Date ? value.toISOString() : value;
  }
  return row;
}

function changedFields(before: Row | null, after: Row | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  keys.delete('updatedAt');
  return [...keys].filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key])).sort();
}

async function record(
  manager: EntityManager,
  metadata: EntityMetadata,
  action: AuditAction,
  before: ObjectLiteral | undefined,
  after: ObjectLiteral | undefined,
): Promise<void> {
  const request = currentRequest();
  // Only changes made on behalf of a caller are audited; migrations and seeds are not requests.
  if (!request?.actor || metadata.target === AuditEntry) return;
  const beforeRow = snapshot(metadata, before);
  const afterRow =
    action === AuditAction.UPDATE
      ? { ...beforeRow, ...snapshot(metadata, after) }
      : snapshot(metadata, after);
  // A query-builder delete or update with no entity tells nothing worth recording; services
  // change records through entities (save / softRemove) so that before and after are known.
  if (!beforeRow && !afterRow) return;
  const recordId = (afterRow?.id ?? beforeRow?.id ?? null) as string | null;
  const entry: Omit<AuditEntry, 'id' | 'createdAt'> = {
    actorSub: request.actor.sub,
    actorRole: request.actor.role,
    requestId: request.requestId,
    action,
    recordType: metadata.name,
    recordId,
    before: beforeRow,
    after: afterRow,
    changedFields: changedFields(beforeRow, afterRow),
  };
  // jsonb columns take plain objects; TypeORM's deep-partial type does not model that.
  await manager.insert(AuditEntry, entry as QueryDeepPartialEntity<AuditEntry>);
}

/**
 * Every insert, update and delete of any entity, written to the subgraph's audit_log by the same
 * transaction (`event.manager`), so a change and its audit entry commit or roll back together.
 */
@EventSubscriber()
export class AuditSubscriber implements EntitySubscriberInterface {
  afterInsert(event: InsertEvent<ObjectLiteral>) {
    return record(event.manager, event.metadata, AuditAction.CREATE, undefined, event.entity);
  }

  afterUpdate(event: UpdateEvent<ObjectLiteral>) {
    return record(
      event.manager,
      event.metadata,
      AuditAction.UPDATE,
      event.databaseEntity,
      event.entity as ObjectLiteral,
    );
  }

  afterRemove(event: RemoveEvent<ObjectLiteral>) {
    return record(
      event.manager,
      event.metadata,
      AuditAction.DELETE,
      event.databaseEntity ?? event.entity,
      undefined,
    );
  }

  afterSoftRemove(event: SoftRemoveEvent<ObjectLiteral>) {
    return record(
      event.manager,
      event.metadata,
      AuditAction.DELETE,
      event.databaseEntity ?? event.entity,
      undefined,
    );
  }

  afterRecover(event: RecoverEvent<ObjectLiteral>) {
    return record(event.manager, event.metadata, AuditAction.RESTORE, undefined, event.entity);
  }
}
