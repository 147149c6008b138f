import { GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { connectionType } from '../graphql/pagination';

export enum AuditAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
  RESTORE = 'RESTORE',
}
registerEnumType(AuditAction, {
  name: 'AuditAction',
  description: 'What a change did to a record.',
  valuesConfig: {
    CREATE: { description: 'The record was created.' },
    UPDATE: { description: 'Fields of the record changed.' },
    DELETE: { description: 'The record was (soft-)deleted.' },
    RESTORE: { description: 'A deleted record was restored.' },
  },
});

/** One change to one record: who, what, when, and the record before and after. */
@Directive('@shareable')
@ObjectType({
  description: 'One change to a CRM or PRM record: who, when, and the record before and after (ADMIN only).',
})
@Entity({ name: 'audit_log' })
export class AuditEntry {
  @Field(() => ID, { description: 'Stable unique id of the entry.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => Date, { description: 'When the change was made.' })
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;

  @Field(() => String, {
    nullable: true,
    description: 'Subject of the user (or service) that made the change.',
  })
  @Column({ type: 'text' })
  actorSub: string;

  @Field(() => String, { description: 'The role of whoever made the change, e.g. SALES or PARTNER.' })
  @Column({ type: 'text' })
  actorRole: string;

  @Field(() => String, {
    description: 'The id of the request that made the change, to correlate with logs.',
    nullable: true,
  })
  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  @Field(() => AuditAction, { description: 'What the change did.' })
  @Column({ type: 'text' })
  action: AuditAction;

  @Field(() => String, { description: 'Entity name, e.g. "Deal".' })
  @Column({ type: 'text' })
  recordType: string;

  @Field(() => ID, { description: 'Id of the changed record.', nullable: true })
  @Column({ type: 'uuid', nullable: true })
  recordId: string | null;

  @Field(() => GraphQLJSONObject, {
    description: "The record's fields before the change; null for CREATE.",
    nullable: true,
  })
  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, {
    description: "The record's fields after the change; null for DELETE.",
    nullable: true,
  })
  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Field(() => [String], { description: 'Fields whose value changed.' })
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  changedFields: string[];
}

export const AuditEntryConnection = connectionType('AuditEntry', AuditEntry, { shareable: true });

/** The audit table, created in each subgraph's own schema by its migration. */
export const auditLogTableSql = (schema: string): string[] => [
  `CREATE TABLE ${schema}.audit_log (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    actor_sub text NOT NULL,
    actor_role text NOT NULL,
    request_id text,
    action text NOT NULL CHECK (action IN ('CREATE','UPDATE','DELETE','RESTORE')),
    record_type text NOT NULL,
    record_id uuid,
    before jsonb,
    after jsonb,
    changed_fields text[] NOT NULL DEFAULT '{}'
  )`,
  `CREATE INDEX audit_log_created_idx ON ${schema}.audit_log (created_at, id)`,
  `CREATE INDEX audit_log_record_idx ON ${schema}.audit_log (record_type, record_id, created_at)`,
];

/**
 * Indexes for the audit log's list filters and order (each also ordered by creation, the list's
 * default): by record type, by record, by actor and by action. For a later migration of each subgraph.
 */
export const auditLogListIndexSql = (schema: string): string[] => [
  `CREATE INDEX audit_log_type_created_idx ON ${schema}.audit_log (record_type, created_at, id)`,
  `CREATE INDEX audit_log_record_created_idx ON ${schema}.audit_log (record_id, created_at, id)`,
  `CREATE INDEX audit_log_actor_created_idx ON ${schema}.audit_log (actor_sub, created_at, id)`,
  `CREATE INDEX audit_log_action_created_idx ON ${schema}.audit_log (action, created_at, id)`,
];

/** Reverts `auditLogListIndexSql`. */
export const auditLogListIndexDownSql = (schema: string): string[] =>
  ['type_created', 'record_created', 'actor_created', 'action_created'].map(
    (name) => `DROP INDEX ${schema}.audit_log_${name}_idx`,
  );
