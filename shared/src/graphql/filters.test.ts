import { Field, ID, ObjectType } from 'type-graphql';
import { Column, DataSource, Entity, PrimaryGeneratedColumn, type SelectQueryBuilder } from 'typeorm';
import { SnakeNamingStrategy } from '../db/record';
import { BadUserInputError } from '../errors';
import { searchWordsOf } from '../db/search-words';
import {
  applyFilter,
  applySearch,
  applyListQuery,
  DateFilter,
  DateTimeFilter,
  DecimalFilter,
  FILTER_LIMITS,
  FilterField,
  FilterInput,
  IdFilter,
  sortKeyOf,
  SortDirection,
  StringFilter,
  type FilterPolicy,
} from './filters';

/** The SQL and parameters the builder produces, on metadata only (no database needed). */
@ObjectType()
@Entity({ name: 'widgets', schema: 'test' })
class Widget {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  amount: string;

  @Column({ type: 'date', nullable: true })
  expectedCloseDate: string | null;

  @Column({ type: 'uuid' })
  customerId: string;

  @Column({ type: 'text' })
  stage: string;

  @Column({ type: 'timestamptz', nullable: true })
  happenedAt: Date | null;
}

@FilterInput()
class WidgetFilter {
  @FilterField(() => String, { property: 'stage', op: 'eq' }) stage?: string | null;
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) title?: StringFilter;
  @FilterField(() => DecimalFilter) amount?: DecimalFilter;
  @FilterField(() => DateFilter) expectedCloseDate?: DateFilter;
  @FilterField(() => IdFilter) customerId?: IdFilter;
}

let dataSource: DataSource;
beforeAll(async () => {
  dataSource = new DataSource({
    type: 'postgres',
    entities: [Widget],
    namingStrategy: new SnakeNamingStrategy(),
  });
  // Entity metadata without connecting: the builder only needs column names and types.
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
});

const qb = (): SelectQueryBuilder<Widget> => dataSource.getRepository(Widget).createQueryBuilder('w');
const where = (q: SelectQueryBuilder<Widget>) => q.getQuery().replace(/^.* WHERE /, '');
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return 'no error';
};
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

test('fields AND together, each operator maps to one parameterised condition on the snake_case column', () => {
  const q = qb();
  applyFilter(q, WidgetFilter, {
    stage: 'OPEN',
    title: { contains: '50%_off\\', startsWith: 'Big' },
    amount: { gte: '100.00', lt: '200.00', in: ['150.00'] },
    expectedCloseDate: { gt: '2026-01-01', lte: '2026-03-31' },
    customerId: { eq: A },
  });
  expect(where(q)).toBe(
    '("w"."stage" = :filter_0 AND (lower("w"."title") LIKE lower(:filter_1) AND ' +
      `${searchWordsOf('lower("w"."title")')} @@ CAST(:filter_1_words AS tsquery)) ` +
      'AND lower("w"."title") LIKE lower(:filter_2) ' +
      'AND "w"."amount" >= :filter_3 AND "w"."amount" < :filter_4 AND "w"."amount" = ANY(:filter_5) ' +
      'AND "w"."expected_close_date" > :filter_6 AND "w"."expected_close_date" <= :filter_7 ' +
      'AND "w"."customer_id" = :filter_8)',
  );
  expect(q.getParameters()).toEqual({
    filter_0: 'OPEN',
    filter_1: '%50\\%\\_off\\\\%',
    // "off" lies between two separators: every title containing the text has that word.
    filter_1_words: "'off'",
    filter_2: 'Big%',
    filter_3: '100.00',
    filter_4: '200.00',
    filter_5: ['150.00'],
    filter_6: '2026-01-01',
    filter_7: '2026-03-31',
    filter_8: A,
  });
});

test('and / or / not nest in their own brackets, and the whole filter in one more', () => {
  const q = qb().where('w.id = ANY(:scope)', { scope: [A] });
  applyFilter(q, WidgetFilter, {
    or: [{ title: { eq: 'x' } }, { and: [{ stage: 'WON' }, { not: { amount: { gt: '5.00' } } }] }],
  });
  expect(where(q)).toBe(
    '"w"."id" = ANY(:scope) AND ((("w"."title" = :filter_0) OR (("w"."stage" = :filter_1) AND ' +
      '(NOT("w"."amount" > :filter_2)))))',
  );
  expect(q.getParameters()).toEqual({ scope: [A], filter_0: 'x', filter_1: 'WON', filter_2: '5.00' });
});

test('parameter names never collide with ones the query already has', () => {
  const q = qb().where('w.stage = :filter_0', { filter_0: 'KEEP' });
  applyFilter(q, WidgetFilter, { stage: 'A' });
  applyFilter(q, WidgetFilter, { stage: 'B' });
  expect(where(q)).toBe(
    '"w"."stage" = :filter_0 AND ("w"."stage" = :filter_1) AND ("w"."stage" = :filter_2)',
  );
  expect(q.getParameters()).toEqual({ filter_0: 'KEEP', filter_1: 'A', filter_2: 'B' });
});

test('empty and is TRUE, empty or is FALSE, an empty filter is TRUE', () => {
  const q = qb();
  applyFilter(q, WidgetFilter, { and: [], or: [] });
  expect(where(q)).toBe('(FALSE)');
  const r = qb();
  applyFilter(r, WidgetFilter, { and: [] });
  expect(where(r)).toBe('(TRUE)');
});

test('limits: depth 5, 50 conditions, 500 values in `in`, no empty `contains`, valid ids', () => {
  const nest = (levels: number): object => (levels === 1 ? { stage: 'X' } : { not: nest(levels - 1) });
  expect(code(() => applyFilter(qb(), WidgetFilter, nest(FILTER_LIMITS.maxDepth)))).toBe('no error');
  expect(code(() => applyFilter(qb(), WidgetFilter, nest(FILTER_LIMITS.maxDepth + 1)))).toBe(
    'BAD_USER_INPUT',
  );
  expect(code(() => applyFilter(qb(), WidgetFilter, { or: [{ and: [nest(4)] }] }))).toBe('BAD_USER_INPUT');

  const many = (n: number) => ({ or: Array.from({ length: n }, (_, i) => ({ title: { eq: `t${i}` } })) });
  expect(code(() => applyFilter(qb(), WidgetFilter, many(50)))).toBe('no error');
  expect(code(() => applyFilter(qb(), WidgetFilter, many(51)))).toBe('BAD_USER_INPUT');

  const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
  expect(code(() => applyFilter(qb(), WidgetFilter, { title: { in: values(500) } }))).toBe('no error');
  expect(code(() => applyFilter(qb(), WidgetFilter, { title: { in: values(501) } }))).toBe('BAD_USER_INPUT');

  for (const contains of ['', '   ']) {
    expect(code(() => applyFilter(qb(), WidgetFilter, { title: { contains } }))).toBe('BAD_USER_INPUT');
  }
  expect(code(() => applyFilter(qb(), WidgetFilter, { title: { startsWith: '' } }))).toBe('BAD_USER_INPUT');
  expect(code(() => applyFilter(qb(), WidgetFilter, { title: { contains: 'x'.repeat(201) } }))).toBe(
    'BAD_USER_INPUT',
  );
  expect(code(() => applyFilter(qb(), WidgetFilter, { customerId: { in: [A, 'nope'] } }))).toBe(
    'BAD_USER_INPUT',
  );
  expect(code(() => applyFilter(qb(), WidgetFilter, { id: { eq: B } }))).toBe('no error');
});

test('a refused filter leaves the query untouched', () => {
  const q = qb();
  expect(code(() => applyFilter(q, WidgetFilter, { stage: 'X', title: { in: Array(501).fill('a') } }))).toBe(
    'BAD_USER_INPUT',
  );
  expect(q.getQuery()).not.toContain('WHERE');
});

test('a policy refuses fields, search columns and orders the caller may not read', () => {
  const policy: FilterPolicy = { typeName: 'Widget', allows: (property) => property !== 'amount' };
  expect(code(() => applyFilter(qb(), WidgetFilter, { or: [{ amount: { gt: '1.00' } }] }, policy))).toBe(
    'FORBIDDEN',
  );
  expect(code(() => sortKeyOf({ field: 'amount' }, policy))).toBe('FORBIDDEN');
  expect(sortKeyOf({ field: 'title', direction: SortDirection.DESC }, policy)).toEqual({
    property: 'title',
    direction: 'DESC',
  });
  expect(sortKeyOf(null)).toEqual({ property: 'createdAt', direction: 'ASC' });

  const q = qb();
  applySearch(q, '  Acme_1 ', ['title', 'amount'], policy);
  expect(where(q)).toBe('((lower("w"."title") LIKE lower(:search_0)))');
  expect(q.getParameters()).toEqual({ search_0: '%Acme\\_1%' });
});

test('a blank search searches nothing; an overlong one is bad input', () => {
  const q = qb();
  applySearch(q, '   ', ['title']);
  expect(q.getQuery()).not.toContain('WHERE');
  expect(code(() => applySearch(qb(), 'x'.repeat(201), ['title']))).toBe('BAD_USER_INPUT');
});

test('limits: at most 100 filter nodes, empty branches included; 100,000 are refused before any SQL', () => {
  const empty = (n: number) => ({ or: Array.from({ length: n }, () => ({})) });
  expect(code(() => applyFilter(qb(), WidgetFilter, empty(FILTER_LIMITS.maxNodes - 1)))).toBe('no error');
  expect(code(() => applyFilter(qb(), WidgetFilter, empty(FILTER_LIMITS.maxNodes)))).toBe('BAD_USER_INPUT');
  const q = qb();
  expect(code(() => applyFilter(q, WidgetFilter, { and: [empty(100_000)] }))).toBe('BAD_USER_INPUT');
  expect(q.getQuery()).not.toContain('WHERE');
});

test('a range no value can meet (swapped bounds) is bad input; an equal closed range is one value', () => {
  const empty: object[] = [
    { amount: { gte: '10.00', lt: '5' } },
    { amount: { gt: '5.5', lte: '5.50' } },
    { amount: { gte: '-1', lte: '-2.5' } },
    { expectedCloseDate: { gte: '2026-03-02', lte: '2026-03-01' } },
    { or: [{ expectedCloseDate: { gt: '2026-03-01', lt: '2026-03-01' } }] },
  ];
  for (const filter of empty)
    expect([filter, code(() => applyFilter(qb(), WidgetFilter, filter))]).toEqual([filter, 'BAD_USER_INPUT']);
  const fine: object[] = [
    { amount: { gte: '5.00', lte: '5' } },
    { amount: { gte: '-10', lt: '-9.99' } },
    { amount: { gte: '9', lt: '10' } },
    { amount: { gte: '99.5', lt: '100' } },
    { expectedCloseDate: { gte: '2026-03-01', lte: '2026-03-01' } },
    { amount: { gt: '1' } },
  ];
  for (const filter of fine)
    expect([filter, code(() => applyFilter(qb(), WidgetFilter, filter))]).toEqual([filter, 'no error']);
});

@FilterInput()
class WidgetPeriodFilter {
  @FilterField(() => DecimalFilter) amount?: DecimalFilter;
  @FilterField(() => DateFilter) expectedCloseDate?: DateFilter;
  @FilterField(() => DateTimeFilter) happenedAt?: DateTimeFilter;
  @FilterField(() => String, {
    property: 'title',
    op: 'eq',
    normalise: (value) => {
      const text = String(value).trim().toLowerCase();
      if (text === '') throw new BadUserInputError('titleKey must not be blank', 'titleKey');
      return text;
    },
  })
  titleKey?: string | null;
  @FilterField(() => IdFilter, {
    property: 'stage',
    expression: (alias) => `CASE WHEN ${alias}."amount" > 0 THEN 'PAID' ELSE 'FREE' END`,
  })
  kind?: IdFilter;
}

test('an inverted range (lower bound after upper) is bad input; equal bounds and open ranges are not', () => {
  const filter = (value: object) => code(() => applyFilter(qb(), WidgetPeriodFilter, value));
  expect(filter({ amount: { gte: '10.50', lte: '9.99' } })).toBe('BAD_USER_INPUT');
  expect(filter({ amount: { gt: '100', lt: '99.99' } })).toBe('BAD_USER_INPUT');
  expect(filter({ amount: { gt: '-1', lt: '-2' } })).toBe('BAD_USER_INPUT');
  expect(filter({ amount: { gte: '9.99', lte: '10.5' } })).toBe('no error');
  expect(filter({ amount: { gte: '10', lte: '10.00' } })).toBe('no error');
  expect(filter({ expectedCloseDate: { gte: '2026-03-02', lt: '2026-03-01' } })).toBe('BAD_USER_INPUT');
  expect(filter({ expectedCloseDate: { gte: '2026-03-01', lt: '2026-03-02' } })).toBe('no error');
  const day = new Date('2026-03-01T00:00:00Z');
  const before = new Date('2026-02-28T23:59:59Z');
  expect(filter({ happenedAt: { gt: day, lte: before } })).toBe('BAD_USER_INPUT');
  expect(filter({ happenedAt: { gte: before, lt: day } })).toBe('no error');
  expect(filter({ or: [{ happenedAt: { gte: day, lte: before } }] })).toBe('BAD_USER_INPUT');
  expect(filter({ happenedAt: { gte: day } })).toBe('no error');
});

test('normalise maps operands to the stored form (and refuses before touching the query)', () => {
  const q = qb();
  applyFilter(q, WidgetPeriodFilter, { titleKey: '  ACME ' });
  expect(where(q)).toBe('("w"."title" = :filter_0)');
  expect(q.getParameters()).toEqual({ filter_0: 'acme' });
  const refused = qb();
  expect(code(() => applyFilter(refused, WidgetPeriodFilter, { titleKey: '   ' }))).toBe('BAD_USER_INPUT');
  expect(refused.getQuery()).not.toContain('WHERE');
});

test('an expression field compares the SQL it derives, with its property asked of the policy', () => {
  const q = qb();
  applyFilter(q, WidgetPeriodFilter, { kind: { in: ['PAID'] } });
  expect(where(q)).toBe(`((CASE WHEN "w"."amount" > 0 THEN 'PAID' ELSE 'FREE' END) = ANY(:filter_0))`);
  const policy: FilterPolicy = { typeName: 'Widget', allows: (property) => property !== 'stage' };
  expect(code(() => applyFilter(qb(), WidgetPeriodFilter, { kind: { eq: 'PAID' } }, policy))).toBe(
    'FORBIDDEN',
  );
});

test('applyListQuery orders by the list’s own default when orderBy is omitted', () => {
  const admin = { sub: 'user:admin', role: 'ADMIN' as const };
  const list = { typeName: 'Widget', filterType: WidgetFilter, searchIn: ['title'] };
  expect(applyListQuery(qb(), admin, list, {})).toEqual({ property: 'createdAt', direction: 'ASC' });
  const byAmount = { ...list, defaultSort: { property: 'amount', direction: 'ASC' as const } };
  expect(applyListQuery(qb(), admin, byAmount, {})).toEqual({ property: 'amount', direction: 'ASC' });
  expect(applyListQuery(qb(), admin, byAmount, { orderBy: { field: 'title' } })).toEqual({
    property: 'title',
    direction: 'ASC',
  });
});
