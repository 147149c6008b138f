import { isObjectType, type GraphQLSchema } from 'graphql';
import {
  Arg,
  Ctx,
  Directive,
  Field,
  ID,
  Info,
  Int,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
  type ClassType,
} from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { EntityMetadata } from 'typeorm';
import { authorize, can, fieldAllowed, isRedacted, type Subject } from '../auth/permissions';
import { viewAs, type RequestContext } from '../context';
import type { PartnerStatusName } from '../auth/identity';
import { BadUserInputError, CursorExpiredError, ForbiddenError } from '../errors';
import { openCursor, sealCursor } from '../graphql/cursor';
import { PageInfo } from '../graphql/pagination';
import { changeFeedBound, readChanges, type ChangeOp, type ChangeRow, type ChangeTypeFilter } from './feed';

/** What happened to a record, in a change feed. */
export enum ChangeOperation {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  DELETED = 'DELETED',
  RESTORED = 'RESTORED',
  MERGED = 'MERGED',
}

registerEnumType(ChangeOperation, {
  name: 'ChangeOperation',
  description: 'What happened to a record, in a change feed.',
  valuesConfig: {
    CREATED: { description: 'The record was created: read it by its id.' },
    UPDATED: { description: 'Fields of the record changed (`changedFields`): read it again.' },
    DELETED: { description: 'The record was deleted (a tombstone): drop it from a mirror.' },
    RESTORED: { description: 'A deleted record is back: read it again.' },
    MERGED: { description: 'The record was merged into `mergedInto` and is gone (a tombstone).' },
  },
});

/** Default and largest page of a change feed (a page's cost stays under the gateway's limit). */
export const FEED_DEFAULT_PAGE = 100;
export const FEED_MAX_PAGE = 500;

/** One record type a subgraph's feed carries. */
export interface FeedTypeSpec {
  /** GraphQL (and entity) type name, as the trigger stores it: `Deal`. */
  type: string;
  /** Enum value of the feed's type filter: `DEAL`. */
  value: string;
  /** Permission subject a caller must read to see its events. */
  subject: Subject;
  /** The feed's `partner_id` is this entity column (PRM rows with a partner column). */
  partnerColumn?: string;
}

export interface ChangeFeedOptions {
  /** The root field: `crmChanges`. */
  fieldName: string;
  /** Type name prefix: `Crm` makes `CrmChange`, `CrmChangeType`, `CrmChangeConnection`. */
  prefix: string;
  /** The subgraph's schema: `crm`. */
  schema: string;
  /** Who it is for, in the field's description. */
  description: string;
  types: readonly FeedTypeSpec[];
  /**
   * A SERVICE-only twin of the field (hidden from the public graph, `@inaccessible`) that reads the
   * feed as a partner would (its row scope and field policy) or unscoped: the PRM's webhook
   * dispatcher's read of the CRM feed. `subject` is the permission it needs (SERVICE only).
   */
  service?: { fieldName: string; subject: Subject };
}

interface ChangeNode {
  position: string;
  type: string;
  id: string;
  op: ChangeOp;
  changedFields: string[];
  mergedInto: string | null;
  occurredAt: Date;
}

/** A feed cursor: `[position, "feed:<schema>"]`, sealed like every cursor. */
const feedTag = (schema: string) => `feed:${schema}`;

function openFeedCursor(schema: string, cursor: string): string {
  const [position, tag] = openCursor(cursor);
  if (tag !== feedTag(schema) || typeof position !== 'string' || !/^\d{1,18}$/.test(position)) {
    throw new BadUserInputError('Invalid cursor', 'after');
  }
  return position;
}

/**
 * The GraphQL field names a change of these columns shows as: a column's property when the type
 * has that field (`next_step` → `nextStep`), a foreign key as its relation field (`customer_id`
 * → `customer`), nothing for a column the type does not expose (`deleted_at`, keys).
 */
function fieldNames(metadata: EntityMetadata, schema: GraphQLSchema, typeName: string): Map<string, string> {
  const type = schema.getType(typeName);
  const fields = isObjectType(type) ? type.getFields() : {};
  const names = new Map<string, string>();
  for (const column of metadata.columns) {
    const property = column.propertyName;
    const candidates = [property, ...(property.endsWith('Id') ? [property.slice(0, -2)] : [])];
    const field = candidates.find((name) => name in fields);
    if (field) names.set(column.databaseName, field);
  }
  return names;
}

/**
 * `<fieldName>(after, types, first)`: the subgraph's change feed for the caller, in commit order
 * (shared's `feed.ts`): only events of types it may read, of records its row scope lets it read,
 * with only the changed fields its field policy lets it read.
 */
export function changeFeedResolver(options: ChangeFeedOptions): ClassType[] {
  const { prefix, schema, types } = options;
  const TypeEnum = Object.fromEntries(types.map((spec) => [spec.value, spec.type])) as Record<string, string>;
  registerEnumType(TypeEnum, {
    name: `${prefix}ChangeType`,
    description: `A record type whose changes \`${options.fieldName}\` carries.`,
    valuesConfig: Object.fromEntries(
      types.map((spec) => [spec.value, { description: `Changes of ${spec.type} records.` }]),
    ),
  });
  const byType = new Map(types.map((spec) => [spec.type, spec]));

  @ObjectType(`${prefix}Change`, {
    description:
      'One committed change of a record: read the record by its `id` (`deal(id:)`, `partner(id:)` …) ' +
      'unless `op` is DELETED or MERGED (a tombstone).',
  })
  class ChangeType implements ChangeNode {
    @Field(() => String, { description: 'Place of the change in the feed (increasing, with gaps).' })
    position: string;

    @Field(() => TypeEnum, { description: 'The type of the record that changed.' })
    type: string;

    @Field(() => ID, { description: 'Id of the record that changed.' })
    id: string;

    @Field(() => ChangeOperation, { description: 'What happened to it.' })
    op: ChangeOp;

    @Field(() => [String], {
      description:
        'For UPDATED, RESTORED, DELETED and MERGED: the fields whose values changed, as far as you may read them; empty for CREATED.',
    })
    changedFields: string[];

    @Field(() => ID, { nullable: true, description: 'For MERGED: the id of the record it was merged into.' })
    mergedInto: string | null;

    @Field(() => Date, { description: 'When the change was written (its transaction began).' })
    occurredAt: Date;
  }

  @ObjectType(`${prefix}ChangeEdge`, { description: 'One change on a page of the feed, with its cursor.' })
  class EdgeType {
    @Field(() => String, { description: 'Pass it as `after` to read on from this change.' })
    cursor: string;

    @Field(() => ChangeType, { description: 'The change.' })
    node: ChangeType;
  }

  @ObjectType(`${prefix}ChangeConnection`, {
    description:
      'A page of the change feed in commit order. Read on with `after: pageInfo.endCursor`; an empty page ' +
      '(endCursor null) means nothing new yet: ask again later with the same `after`.',
  })
  class ConnectionType {
    @Field(() => [EdgeType], { description: 'The changes on this page, oldest first.' })
    edges: EdgeType[];

    @Field(() => PageInfo, { description: 'Whether more changes are ready now, and the cursor to read on.' })
    pageInfo: PageInfo;
  }

  @Resolver()
  class ChangeFeedResolver {
    @Query(() => ConnectionType, { name: options.fieldName, description: options.description })
    async changes(
      @Arg('after', () => String, {
        nullable: true,
        description:
          'Cursor of the last change read; from the oldest retained change when omitted. A cursor older than the ' +
          'retention answers CURSOR_EXPIRED: read the records afresh and start again.',
      })
      after: string | undefined,
      @Arg('types', () => [TypeEnum], { nullable: true, description: 'Only changes of these types.' })
      typeFilter: string[] | undefined,
      @Arg('first', () => Int, {
        nullable: true,
        description: `Page size, 1 to ${FEED_MAX_PAGE} (default ${FEED_DEFAULT_PAGE}).`,
      })
      first: number | undefined,
      @Ctx() ctx: RequestContext,
      @Info() info: GraphQLResolveInfo,
    ): Promise<ConnectionType> {
      const size = first ?? FEED_DEFAULT_PAGE;
      if (!Number.isInteger(size) || size < 1 || size > FEED_MAX_PAGE) {
        throw new BadUserInputError(`first must be between 1 and ${FEED_MAX_PAGE}`, 'first');
      }
      if (typeFilter && typeFilter.length === 0)
        throw new BadUserInputError('Name at least one type', 'types');
      const afterPosition = after == null ? null : openFeedCursor(schema, after);
      const asked = typeFilter ? [...new Set(typeFilter)] : types.map((spec) => spec.type);
      const readable = asked.filter((type) => can(ctx.identity, 'read', byType.get(type)!.subject));
      if (typeFilter && readable.length < asked.length) {
        const denied = asked.filter((type) => !readable.includes(type));
        throw new ForbiddenError(`Role ${ctx.identity.role} may not read ${denied.join(', ')}`);
      }
      if (!readable.length)
        throw new ForbiddenError(`Role ${ctx.identity.role} may not read any of these changes`);

      const { rows } = await readAs(ctx, info.schema, afterPosition, readable, size + 1);
      const page = rows.slice(0, size);
      const edges = page.map((node) => ({ cursor: sealCursor([node.position, feedTag(schema)]), node }));
      return {
        edges,
        pageInfo: {
          hasNextPage: rows.length > size,
          hasPreviousPage: afterPosition !== null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    }
  }

  /**
   * The caller's events after `afterPosition` of these (readable) types, at most `limit`: scoped by
   * its row scope (`scopeFilters`), changed fields policed by its field policy (`toNode`). Also
   * answers `through`: a position up to which nothing else is there for it (the bound read before,
   * when fewer than `limit` came back), so a reader whose scope matches little still moves on.
   */
  async function readAs(
    ctx: RequestContext,
    graphqlSchema: GraphQLSchema,
    afterPosition: string | null,
    readable: readonly string[],
    limit: number,
  ): Promise<{ rows: ChangeNode[]; through: string | null }> {
    const before = await changeFeedBound(ctx.dataSource.manager, schema);
    const scope = ctx.scope.scoped ? await scopeFilters(ctx, readable) : undefined;
    const rows = await readChanges(ctx.dataSource.manager, schema, {
      afterPosition,
      // Every type the feed has: no type condition at all (one range of the feed).
      types: readable.length === types.length ? undefined : readable,
      limit,
      scope,
    });
    const names = new Map<string, Map<string, string>>();
    const nodes = rows.map((row) => {
      let map = names.get(row.entityType);
      if (!map) {
        map = fieldNames(ctx.dataSource.getMetadata(row.entityType), graphqlSchema, row.entityType);
        names.set(row.entityType, map);
      }
      return toNode(ctx, row, map);
    });
    const last = rows.at(-1)?.position ?? null;
    let through = last;
    if (rows.length < limit && (last === null || BigInt(before.bound) > BigInt(last))) through = before.bound;
    if (through !== null && afterPosition !== null && BigInt(through) <= BigInt(afterPosition))
      through = null;
    return { rows: nodes, through };
  }

  @ObjectType(`${prefix}ServiceChanges`, { description: 'Changes read for a service, and how far.' })
  @Directive('@inaccessible')
  class ServiceChangesType {
    @Field(() => [ChangeType], { description: 'The changes, oldest first.' })
    changes: ChangeType[];

    @Field(() => String, {
      nullable: true,
      description: 'Read on after this position (null: nothing new).',
    })
    through: string | null;

    @Field(() => [TypeEnum], {
      description: 'Types asked the partner may not read: when any, nothing is read.',
    })
    denied: string[];

    @Field(() => Boolean, {
      description: 'Retention purged events after `after`: the reader cannot resume from it.',
    })
    expired: boolean;
  }

  @Resolver()
  class ServiceChangeFeedResolver {
    @Directive('@inaccessible')
    @Query(() => ServiceChangesType, {
      name: options.service?.fieldName ?? `${options.fieldName}ForService`,
      description:
        'The feed as a partner reads it (its row scope and field policy), or as ADMIN (unscoped) without partnerId. ' +
        "Roles: SERVICE only (the PRM's webhook dispatcher).",
    })
    async serviceChanges(
      @Arg('after', () => String, { description: 'Feed position (decimal) read through.' }) after: string,
      @Arg('types', () => [TypeEnum], { description: 'The types to read.' }) typeFilter: string[],
      @Arg('limit', () => Int, {
        description: `At most this many, 0 to ${FEED_MAX_PAGE} (0: only the head, as through).`,
      })
      limit: number,
      @Arg('partnerId', () => ID, { nullable: true, description: 'Read as this partner.' })
      partnerId: string | undefined,
      @Arg('partnerStatus', () => String, {
        nullable: true,
        description: "The partner's status (its membership ceilings).",
      })
      partnerStatus: string | undefined,
      @Ctx() ctx: RequestContext,
      @Info() info: GraphQLResolveInfo,
    ): Promise<ServiceChangesType> {
      authorize(ctx.identity, 'read', options.service!.subject);
      if (!/^\d{1,18}$/.test(after)) throw new BadUserInputError('Invalid position', 'after');
      if (!Number.isInteger(limit) || limit < 0 || limit > FEED_MAX_PAGE)
        throw new BadUserInputError(`limit must be between 0 and ${FEED_MAX_PAGE}`, 'limit');
      const asked = [...new Set(typeFilter)];
      if (!asked.length) throw new BadUserInputError('Name at least one type', 'types');
      const view = partnerId
        ? viewAs(ctx, {
            sub: `service:webhooks:${partnerId}`,
            role: 'PARTNER',
            partnerId,
            membership: { partnerStatus: (partnerStatus ?? 'ACTIVE') as PartnerStatusName, member: 'ACTIVE' },
          })
        : // An ADMIN endpoint's (its registrant is ADMIN): every record, ADMIN's field policy. Only
          // ids and field names leave here, to the PRM, never values.
          viewAs(ctx, { sub: 'service:webhooks:admin', role: 'ADMIN' });
      const denied = asked.filter((type) => !can(view.identity, 'read', byType.get(type)!.subject));
      if (denied.length) return { changes: [], through: null, denied, expired: false };
      // limit 0: nothing read, `through` is the feed's head (where a new reader starts).
      if (limit === 0) {
        const { bound } = await changeFeedBound(ctx.dataSource.manager, schema);
        return { changes: [], through: bound, denied: [], expired: false };
      }
      try {
        const { rows, through } = await readAs(view, info.schema, after, asked, limit);
        return { changes: rows as ChangeType[], through, denied: [], expired: false };
      } catch (error) {
        if (error instanceof CursorExpiredError)
          return { changes: [], through: null, denied: [], expired: true };
        throw error;
      }
    }
  }

  /**
   * A row-scoped caller's filter per readable type, from the same rule the type's lists use
   * (`ctx.scope`): by record id (`id`) or by the feed's partner column. A type scoped by any
   * other column is not readable in the feed by such a caller.
   */
  async function scopeFilters(ctx: RequestContext, readable: readonly string[]): Promise<ChangeTypeFilter[]> {
    const filters: ChangeTypeFilter[] = [];
    for (const type of readable) {
      const metadata = ctx.dataSource.getMetadata(type);
      const condition = await ctx.scope.condition(metadata);
      if (!condition) {
        filters.push({ type });
        continue;
      }
      const partnerColumn = byType.get(type)!.partnerColumn;
      if (condition.columns.some((column) => column !== 'id' && column !== partnerColumn)) continue;
      // A partner row's own id is its partner column (`partners.id`): one condition, on partner_id.
      const byId = condition.columns.includes('id') && partnerColumn !== 'id';
      filters.push({
        type,
        ...(byId ? { entityIds: condition.values } : {}),
        ...(partnerColumn && condition.columns.includes(partnerColumn)
          ? { partnerIds: condition.values }
          : {}),
      });
    }
    return filters;
  }

  return options.service ? [ChangeFeedResolver, ServiceChangeFeedResolver] : [ChangeFeedResolver];
}

function toNode(ctx: RequestContext, row: ChangeRow, names: Map<string, string>): ChangeNode {
  const role = ctx.identity.role;
  const readable = (field: string) =>
    fieldAllowed(role, row.entityType, field) && !isRedacted(role, row.entityType, field);
  const changed = row.changedFields
    .map((column) => names.get(column))
    .filter((field): field is string => field !== undefined && readable(field));
  return {
    position: row.position,
    type: row.entityType,
    id: row.entityId,
    op: row.op,
    changedFields: [...new Set(changed)],
    // The record it was merged into, to whoever may read where the record says it went.
    mergedInto: names.has('merged_into_id') && readable(names.get('merged_into_id')!) ? row.mergedInto : null,
    occurredAt: row.occurredAt,
  };
}
