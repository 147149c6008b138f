import {
  getIntrospectionQuery,
  graphql,
  type IntrospectionInputObjectType,
  type IntrospectionInputTypeRef,
  type IntrospectionObjectType,
  type IntrospectionOutputTypeRef,
  type IntrospectionQuery,
  type IntrospectionType,
} from 'graphql';
import { buildCustomersSchema } from '../../subgraphs/customers/src/schema';
import { buildPartnersSchema } from '../../subgraphs/partners/src/schema';

/**
 * Every root list is a BI list (issue 12, item 6): each root `*Connection` field of both
 * subgraph schemas, found by introspection (so a list added later is checked without anyone
 * listing it here), takes a `filter` whose input has an `updatedAt` range (a DateTimeFilter with
 * gte/lt) and an `orderBy` whose fields include UPDATED_AT, so a BI tool can read each list
 * incrementally in change order. The exceptions are named with their reasons.
 */
const EXCEPTIONS: Record<string, string> = {
  // Append-only: an entry never changes after it is written, so createdAt is its change time;
  // both logs take a createdAt range and order by it.
  crmAuditLog: 'append-only audit entries have no updatedAt (createdAt range and order instead)',
  prmAuditLog: 'append-only audit entries have no updatedAt (createdAt range and order instead)',
  // A dead letter changes once, when it dies: deadAt is its change time (a range and an order).
  outboxDeadLetters: 'outbox dead letters change only when they die (deadAt range and order instead)',
  // The change feeds are themselves the incremental sync: append-only events read in commit
  // order from a cursor (`after`), filtered by type; an event never changes after it is written.
  crmChanges: 'the change feed: append-only events in commit order from a cursor (types filter instead)',
  prmChanges: 'the change feed: append-only events in commit order from a cursor (types filter instead)',
};

type Ref = IntrospectionInputTypeRef | IntrospectionOutputTypeRef;
const named = (ref: Ref): string =>
  'ofType' in ref && ref.ofType ? named(ref.ofType) : (ref as { name: string }).name;

interface RootList {
  subgraph: string;
  field: string;
  filter?: string;
  orderBy?: string;
}

let introspected: { subgraph: string; types: Map<string, IntrospectionType>; lists: RootList[] }[];

beforeAll(async () => {
  introspected = [];
  for (const [subgraph, build] of [
    ['customers', buildCustomersSchema],
    ['partners', buildPartnersSchema],
  ] as const) {
    const result = await graphql({ schema: await build(), source: getIntrospectionQuery() });
    if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
    const schema = (result.data as unknown as IntrospectionQuery).__schema;
    const types = new Map(schema.types.map((type) => [type.name, type]));
    const query = types.get(schema.queryType.name) as IntrospectionObjectType;
    const lists = query.fields
      .filter((field) => named(field.type).endsWith('Connection'))
      .map((field) => {
        const arg = (name: string) => field.args.find((a) => a.name === name);
        return {
          subgraph,
          field: field.name,
          filter: arg('filter') && named(arg('filter')!.type),
          orderBy: arg('orderBy') && named(arg('orderBy')!.type),
        };
      });
    introspected.push({ subgraph, types, lists });
  }
}, 120_000);

const allLists = () => introspected.flatMap((s) => s.lists);

/** Whether `filter` has `updatedAt` as a range of instants (gte and lt at least). */
function hasUpdatedAtRange(types: Map<string, IntrospectionType>, filter: string | undefined): boolean {
  if (!filter) return false;
  const input = types.get(filter) as IntrospectionInputObjectType | undefined;
  const field = input?.inputFields.find((f) => f.name === 'updatedAt');
  if (!field) return false;
  const range = types.get(named(field.type)) as IntrospectionInputObjectType | undefined;
  const ops = new Set(range?.inputFields.map((f) => f.name) ?? []);
  return ['gte', 'gt', 'lt', 'lte'].every((op) => ops.has(op));
}

/** Whether `orderBy` can order by UPDATED_AT. */
function ordersByUpdatedAt(types: Map<string, IntrospectionType>, orderBy: string | undefined): boolean {
  if (!orderBy) return false;
  const input = types.get(orderBy) as IntrospectionInputObjectType | undefined;
  const field = input?.inputFields.find((f) => f.name === 'field');
  if (!field) return false;
  const values = (types.get(named(field.type)) as { enumValues?: { name: string }[] }).enumValues ?? [];
  return values.some((value) => value.name === 'UPDATED_AT');
}

test('introspection finds the root lists of both subgraphs, the new PRM lists among them', () => {
  const fields = allLists().map((list) => list.field);
  expect(fields.length).toBeGreaterThanOrEqual(20);
  expect(fields).toEqual(
    expect.arrayContaining([
      'deals',
      'customers',
      'partners',
      'commissionPayouts',
      'mdfRequests',
      'mdfClaims',
    ]),
  );
});

test('every root *Connection field takes a filter with an updatedAt range and an orderBy by UPDATED_AT', () => {
  const missing: string[] = [];
  for (const { types, lists } of introspected) {
    for (const list of lists) {
      if (EXCEPTIONS[list.field]) continue;
      if (!hasUpdatedAtRange(types, list.filter))
        missing.push(`${list.subgraph}.${list.field}: no filter.updatedAt range`);
      if (!ordersByUpdatedAt(types, list.orderBy))
        missing.push(`${list.subgraph}.${list.field}: no orderBy UPDATED_AT`);
    }
  }
  expect(missing).toEqual([]);
});

test('each exception is a root list that exists and indeed lacks an updatedAt range (no stale excuses)', () => {
  for (const field of Object.keys(EXCEPTIONS)) {
    const owner = introspected.find((s) => s.lists.some((list) => list.field === field));
    expect({ field, found: Boolean(owner) }).toEqual({ field, found: true });
    const list = owner!.lists.find((l) => l.field === field)!;
    expect({ field, updatedAt: hasUpdatedAtRange(owner!.types, list.filter) }).toEqual({
      field,
      updatedAt: false,
    });
  }
});

test('the append-only exceptions still take a time range and an order on their own change time', () => {
  const timeOf: Record<string, string> = {
    crmAuditLog: 'createdAt',
    prmAuditLog: 'createdAt',
    outboxDeadLetters: 'deadAt',
  };
  for (const [field, time] of Object.entries(timeOf)) {
    const owner = introspected.find((s) => s.lists.some((list) => list.field === field))!;
    const list = owner.lists.find((l) => l.field === field)!;
    const input = owner.types.get(list.filter!) as IntrospectionInputObjectType;
    expect({ field, has: input.inputFields.some((f) => f.name === time) }).toEqual({ field, has: true });
    expect({ field, orderBy: Boolean(list.orderBy) }).toEqual({ field, orderBy: true });
  }
});
