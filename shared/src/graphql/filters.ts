import { Field, ID, InputType, Int, registerEnumType, type ClassType } from 'type-graphql';
import {
  Brackets,
  NotBrackets,
  type ObjectLiteral,
  type SelectQueryBuilder,
  type WhereExpressionBuilder,
} from 'typeorm';
import { fieldAllowed, isRedacted } from '../auth/permissions';
import type { Identity } from '../auth/identity';
import { BadUserInputError, ForbiddenError, isUuid } from '../errors';
import { CREATED_ORDER, type SortKey } from './pagination';
import { DecimalScalar, LocalDateScalar } from './scalars';
import { searchWordsOf, searchWordsQuery } from '../db/search-words';

/**
 * One filter mechanism for every root list: scalar operator inputs (StringFilter, IntFilter …),
 * list filter inputs declared with `@FilterInput()` + `@FilterField(...)` (which add `and`, `or`
 * and `not`), `applyFilter` to turn a filter value into bracketed, parameterised SQL on a
 * TypeORM query builder, `applySearch` for the list's `search` term and `orderByInput` /
 * `sortKeyOf` for `orderBy`.
 */

/** Limits that keep one filter from becoming an expensive query. */
export const FILTER_LIMITS = {
  /** and/or/not nesting; the filter itself is level 1. */
  maxDepth: 5,
  /** Operator conditions in the whole filter (`{ amount: { gt, lt } }` counts 2). */
  maxConditions: 50,
  /** Filter objects in the whole filter, the filter itself and every and/or/not branch (empty ones too). */
  maxNodes: 100,
  maxInList: 500,
  /** Longest text for `contains`, `startsWith` and `search`. */
  maxTextLength: 200,
};

const OPERATORS = ['eq', 'in', 'contains', 'startsWith', 'gt', 'gte', 'lt', 'lte'] as const;
export type FilterOperator = (typeof OPERATORS)[number];

@InputType({ description: 'Text conditions; `contains` and `startsWith` ignore case.' })
export class StringFilter {
  @Field(() => String, { nullable: true, description: 'Exactly this text.' })
  eq?: string | null;

  @Field(() => [String], { nullable: true, description: 'Exactly one of these texts.' })
  in?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Contains this text, ignoring case.' })
  contains?: string | null;

  @Field(() => String, { nullable: true, description: 'Starts with this text, ignoring case.' })
  startsWith?: string | null;
}

@InputType({ description: 'Whole-number conditions; several combine with AND.' })
export class IntFilter {
  @Field(() => Int, { nullable: true, description: 'Exactly this value.' })
  eq?: number | null;
  @Field(() => [Int], { nullable: true, description: 'Any one of these values.' })
  in?: number[] | null;
  @Field(() => Int, { nullable: true, description: 'Greater than (after) this value.' })
  gt?: number | null;
  @Field(() => Int, { nullable: true, description: 'This value or greater (later).' })
  gte?: number | null;
  @Field(() => Int, { nullable: true, description: 'Less than (before) this value.' })
  lt?: number | null;
  @Field(() => Int, { nullable: true, description: 'This value or less (earlier).' })
  lte?: number | null;
}

@InputType({ description: 'Money conditions on exact decimal amounts; several combine with AND.' })
export class DecimalFilter {
  @Field(() => DecimalScalar, { nullable: true, description: 'Exactly this value.' })
  eq?: string | null;
  @Field(() => [DecimalScalar], { nullable: true, description: 'Any one of these values.' })
  in?: string[] | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Greater than (after) this value.' })
  gt?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'This value or greater (later).' })
  gte?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Less than (before) this value.' })
  lt?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'This value or less (earlier).' })
  lte?: string | null;
}

@InputType({ description: 'An instant or a range of instants (combine gt/gte with lt/lte).' })
export class DateTimeFilter {
  @Field(() => Date, { nullable: true, description: 'Exactly this value.' })
  eq?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Greater than (after) this value.' })
  gt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'This value or greater (later).' })
  gte?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Less than (before) this value.' })
  lt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'This value or less (earlier).' })
  lte?: Date | null;
}

@InputType({ description: 'A calendar date or a range of dates (combine gt/gte with lt/lte).' })
export class DateFilter {
  @Field(() => LocalDateScalar, { nullable: true, description: 'Exactly this value.' })
  eq?: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Greater than (after) this value.' })
  gt?: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'This value or greater (later).' })
  gte?: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Less than (before) this value.' })
  lt?: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'This value or less (earlier).' })
  lte?: string | null;
}

@InputType({ description: 'Id conditions: one id or a list of ids.' })
export class IdFilter {
  @Field(() => ID, { nullable: true, description: 'Exactly this value.' })
  eq?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Any one of these values.' })
  in?: string[] | null;
}

export interface EnumFilterValue<E> {
  eq?: E | null;
  in?: E[] | null;
}

/** `<Name>Filter { eq, in }` for an enum registered as `<Name>`. */
export function enumFilter<E extends object>(
  name: string,
  enumType: E,
): ClassType<EnumFilterValue<E[keyof E]>> {
  @InputType(`${name}Filter`, { description: `Conditions on a ${name}: one value or any of a list.` })
  class EnumFilter {
    @Field(() => enumType, { nullable: true, description: 'Exactly this value.' })
    eq?: E[keyof E] | null;
    @Field(() => [enumType], { nullable: true, description: 'Any one of these values.' })
    in?: E[keyof E][] | null;
  }
  return EnumFilter;
}

interface FieldSpec {
  /** Entity property the field filters on. */
  property: string;
  /** For a plain value (older `stage: DealStage` fields): the operator it stands for. */
  op?: FilterOperator;
  /** Turns each operand into the value stored (e.g. a domain normalised as it is kept). */
  normalise?: (value: unknown) => unknown;
  /** SQL over the row (given its escaped alias) compared instead of the property's column. */
  expression?: (alias: string) => string;
  /** The whole condition on the column for an operand `:param` (e.g. a semi-join), instead of a comparison. */
  where?: (column: string, param: string, op: FilterOperator) => string;
}
const FIELD_SPECS = new WeakMap<object, Map<string, FieldSpec>>();

/**
 * A field of a list filter: an operator input (`@FilterField(() => DecimalFilter) amount`), or
 * a plain value compared with `op` (`@FilterField(() => DealStage, { op: 'eq' }) stage`).
 * `property` names the entity property when it differs from the field name (and is what the
 * caller's field policy is asked about). `normalise` maps each operand to the stored form before
 * it is compared (it may throw BAD_USER_INPUT); `expression` compares a value SQL derives from the
 * row (a key's status from its dates) instead of the property's column.
 */
export function FilterField(
  type: () => unknown,
  options: {
    property?: string;
    op?: FilterOperator;
    description?: string;
    normalise?: (value: unknown) => unknown;
    expression?: (alias: string) => string;
    where?: (column: string, param: string, op: FilterOperator) => string;
  } = {},
): PropertyDecorator {
  return (prototype, key) => {
    const property = options.property ?? String(key);
    const description =
      options.description ??
      `Only records whose ${property.replace(/([A-Z])/g, ' $1').toLowerCase()} ${options.op ? 'equals this' : 'meets these conditions'}.`;
    Field(type as () => ClassType, { nullable: true, description })(prototype, key);
    const specs = FIELD_SPECS.get(prototype.constructor) ?? new Map<string, FieldSpec>();
    specs.set(String(key), {
      property: options.property ?? String(key),
      op: options.op,
      normalise: options.normalise,
      expression: options.expression,
      where: options.where,
    });
    FIELD_SPECS.set(prototype.constructor, specs);
  };
}

/** Declares a list filter input: its `@FilterField`s plus `and: [X!]`, `or: [X!]` and `not: X`. */
export function FilterInput(options: { description?: string } = {}): ClassDecorator {
  return (target) => {
    const self = target as unknown as ClassType;
    Field(() => [self], { nullable: true, description: 'Every one of these holds.' })(
      target.prototype,
      'and',
    );
    Field(() => [self], { nullable: true, description: 'At least one of these holds.' })(
      target.prototype,
      'or',
    );
    Field(() => self, { nullable: true, description: 'This does not hold.' })(target.prototype, 'not');
    InputType({
      description:
        options.description ??
        'Conditions on the fields, all of which must hold, combined with `and`, `or` and `not`.',
    })(target);
  };
}

/** A filter value as it arrives from GraphQL: fields, and `and` / `or` / `not`. */
export type FilterValue = object;

export interface FilterPolicy {
  /** Whether the caller may filter, search or order by this entity property. */
  allows(property: string): boolean;
  /** Used in the error for a refused property, e.g. "Customer". */
  typeName: string;
}

/**
 * The caller may filter on a property only where it may read it unredacted: otherwise a filter
 * would tell it what it is not allowed to see (a partner guessing a customer's domain, an
 * analyst probing a lead's e-mail).
 */
export function fieldPolicy(identity: Identity, typeName: string): FilterPolicy {
  return {
    typeName,
    allows: (property) =>
      fieldAllowed(identity.role, typeName, property) && !isRedacted(identity.role, typeName, property),
  };
}

type Column = { name: string; type: string };

interface Compiled {
  alias: string;
  specs: Map<string, FieldSpec>;
  columns: Map<string, Column>;
  params: () => string;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && !Array.isArray(value);
}

const present = (value: unknown) => value !== undefined && value !== null;

/** -1, 0 or 1 for two bounds of one range: instants, numbers, exact decimals or ISO dates. */
function compareBounds(a: unknown, b: unknown): number | null {
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a !== 'string' || typeof b !== 'string') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(a) && /^\d{4}-\d{2}-\d{2}$/.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const decimal = /^(-?)(\d+)(?:\.(\d+))?$/;
  const [x, y] = [decimal.exec(a), decimal.exec(b)];
  if (!x || !y) return null;
  // Exact: compare sign, then the integer digits, then the fraction, as text (no float rounding).
  const parts = (m: RegExpExecArray) => ({
    negative: m[1] === '-' && /[1-9]/.test(m[2] + (m[3] ?? '')),
    int: m[2].replace(/^0+(?=\d)/, ''),
    frac: (m[3] ?? '').replace(/0+$/, ''),
  });
  const [p, q] = [parts(x), parts(y)];
  if (p.negative !== q.negative) return p.negative ? -1 : 1;
  const width = Math.max(p.frac.length, q.frac.length);
  const magnitude = (v: typeof p) => v.int.padStart(40, '0') + v.frac.padEnd(width, '0');
  const order = magnitude(p) < magnitude(q) ? -1 : magnitude(p) > magnitude(q) ? 1 : 0;
  return p.negative ? -order : order;
}

/**
 * A range no value can meet (`{ gte: 10, lt: 5 }`, `{ gt: d, lte: d }`) is a client's mistake
 * (swapped bounds), answered BAD_USER_INPUT rather than an empty page that looks like "no data".
 */
function checkRange(key: string, operations: Record<string, unknown>): void {
  const lower = present(operations.gt) ? operations.gt : operations.gte;
  const upper = present(operations.lt) ? operations.lt : operations.lte;
  if (!present(lower) || !present(upper)) return;
  const order = compareBounds(lower, upper);
  const strict = present(operations.gt) || present(operations.lt);
  if (order !== null && (order > 0 || (order === 0 && strict))) {
    throw new BadUserInputError(
      `${key} is an empty range: its lower bound is not below its upper bound`,
      `filter.${key}`,
    );
  }
}

/** Refuses filters that are abusive before any SQL is built. */
function checkFilter(
  filter: FilterValue,
  specs: Map<string, FieldSpec>,
  columns: Map<string, Column>,
  policy: FilterPolicy | undefined,
): void {
  let conditions = 0;
  let nodes = 0;
  const visit = (node: FilterValue, depth: number) => {
    nodes += 1;
    if (nodes > FILTER_LIMITS.maxNodes) {
      // Before walking on: 100,000 empty branches would otherwise become 100,000 SQL brackets.
      throw new BadUserInputError(
        `filter has ${nodes} nodes or more; at most ${FILTER_LIMITS.maxNodes} and/or/not branches are allowed`,
        'filter',
      );
    }
    if (depth > FILTER_LIMITS.maxDepth) {
      throw new BadUserInputError(
        `filter nests and/or/not deeper than ${FILTER_LIMITS.maxDepth} levels`,
        'filter',
      );
    }
    for (const [key, value] of Object.entries(node)) {
      if (!present(value)) continue;
      if (key === 'and' || key === 'or') {
        for (const child of value as FilterValue[]) visit(child, depth + 1);
        continue;
      }
      if (key === 'not') {
        visit(value as FilterValue, depth + 1);
        continue;
      }
      const spec = specs.get(key);
      if (!spec) throw new Error(`Filter field ${key} is not declared with @FilterField`);
      if (policy && !policy.allows(spec.property)) {
        throw new ForbiddenError(`You may not filter ${policy.typeName} by ${key}`);
      }
      const column = columns.get(spec.property)!;
      if (!spec.op && !isOperatorObject(value))
        throw new Error(`Filter field ${key} takes an operator input`);
      const operations = spec.op ? { [spec.op]: value } : (value as Record<string, unknown>);
      checkRange(key, operations);
      for (const [op, operand] of Object.entries(operations)) {
        if (!present(operand)) continue;
        if (!(OPERATORS as readonly string[]).includes(op)) throw new Error(`Unknown filter operator ${op}`);
        conditions += 1;
        const values = op === 'in' ? (operand as unknown[]) : [operand];
        if (op === 'in' && values.length > FILTER_LIMITS.maxInList) {
          throw new BadUserInputError(
            `${key}.in may list at most ${FILTER_LIMITS.maxInList} values`,
            `filter.${key}`,
          );
        }
        if (op === 'contains' || op === 'startsWith') {
          const text = String(operand);
          if (text.trim() === '') {
            throw new BadUserInputError(`${key}.${op} must not be empty`, `filter.${key}`);
          }
          if (text.length > FILTER_LIMITS.maxTextLength) {
            throw new BadUserInputError(
              `${key}.${op} may be at most ${FILTER_LIMITS.maxTextLength} characters`,
              `filter.${key}`,
            );
          }
        }
        if (values.some((v) => typeof v === 'string' && v.includes('\u0000'))) {
          throw new BadUserInputError(`${key}.${op} must not contain NUL characters`, `filter.${key}`);
        }
        if (column.type === 'uuid' && values.some((v) => typeof v !== 'string' || !isUuid(v))) {
          throw new BadUserInputError(`${key} must be a valid id`, `filter.${key}`);
        }
        // A value that has no stored form is refused here, before the query is touched.
        if (spec.normalise) values.forEach(spec.normalise);
      }
    }
  };
  visit(filter, 1);
  if (conditions > FILTER_LIMITS.maxConditions) {
    throw new BadUserInputError(
      `filter has ${conditions} conditions; at most ${FILTER_LIMITS.maxConditions} are allowed`,
      'filter',
    );
  }
}

/**
 * `column ILIKE pattern` as the trigram indexes serve it: `lower(column) LIKE lower(pattern)`, the
 * same test in a UTF-8 database (ILIKE lower-cases both sides), which the planner estimates from
 * the index's lower-cased histogram far faster than ILIKE (`lowerCaseTrigramIndexes`).
 */
function caseInsensitiveLike(column: string, param: string): string {
  return `lower(${column}) LIKE lower(:${param})`;
}

/** A `contains` text as the like pattern and the words every matching text has (`searchWordsQuery`). */
interface ContainsTerm {
  pattern: string;
  words: string | null;
}

const containsTerm = (text: string): ContainsTerm => ({
  pattern: `%${escapeLike(text)}%`,
  words: searchWordsQuery(text),
});

/**
 * `column` contains the term, case-insensitively: the like test, and, when the term has words a
 * word index can find, those words too, which every matching row has; the planner then reads
 * whichever index costs less (search-words.ts). Parameters `param` and `<param>_words`.
 */
function containsCondition(
  column: string,
  param: string,
  term: ContainsTerm,
): { sql: string; params: ObjectLiteral } {
  const like = caseInsensitiveLike(column, param);
  if (term.words === null) return { sql: like, params: { [param]: term.pattern } };
  return {
    sql: `(${like} AND ${searchWordsOf(`lower(${column})`)} @@ CAST(:${param}_words AS tsquery))`,
    params: { [param]: term.pattern, [`${param}_words`]: term.words },
  };
}

/** `%`, `_` and `\` match themselves in a LIKE pattern built from user text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function condition(
  column: string,
  op: FilterOperator,
  param: string,
  value: unknown,
): { sql: string; params: ObjectLiteral } {
  const one = (sql: string, bound: unknown = value) => ({ sql, params: { [param]: bound } });
  switch (op) {
    case 'eq':
      return one(`${column} = :${param}`);
    case 'in':
      return one(`${column} = ANY(:${param})`);
    case 'contains':
      return containsCondition(column, param, containsTerm(String(value)));
    case 'startsWith':
      return one(caseInsensitiveLike(column, param), `${escapeLike(String(value))}%`);
    case 'gt':
      return one(`${column} > :${param}`);
    case 'gte':
      return one(`${column} >= :${param}`);
    case 'lt':
      return one(`${column} < :${param}`);
    case 'lte':
      return one(`${column} <= :${param}`);
  }
}

/** ANDs every condition of one filter node into `w` (an empty node is TRUE). */
function addNode(w: WhereExpressionBuilder, node: FilterValue, c: Compiled): void {
  let empty = true;
  const and = (where: string | Brackets, params?: ObjectLiteral) => {
    if (typeof where === 'string') {
      if (empty) w.where(where, params);
      else w.andWhere(where, params);
    } else if (empty) w.where(where);
    else w.andWhere(where);
    empty = false;
  };
  for (const [key, value] of Object.entries(node)) {
    if (!present(value) || key === 'and' || key === 'or' || key === 'not') continue;
    const spec = c.specs.get(key)!;
    const column = spec.expression
      ? `(${spec.expression(c.alias)})`
      : `${c.alias}."${c.columns.get(spec.property)!.name}"`;
    const operations = spec.op ? { [spec.op]: value } : (value as Record<string, unknown>);
    for (const [op, operand] of Object.entries(operations)) {
      if (!present(operand)) continue;
      const param = c.params();
      const normalise = spec.normalise;
      const stored = !normalise
        ? operand
        : Array.isArray(operand)
          ? operand.map(normalise)
          : normalise(operand);
      const built = spec.where
        ? { sql: spec.where(column, param, op as FilterOperator), params: { [param]: stored } }
        : condition(column, op as FilterOperator, param, stored);
      and(built.sql, built.params);
    }
  }
  const record = node as { and?: FilterValue[] | null; or?: FilterValue[] | null; not?: FilterValue | null };
  for (const child of record.and ?? []) and(new Brackets((b) => addNode(b, child, c)));
  if (record.or) {
    const children = record.or;
    if (children.length === 0) and('FALSE');
    else
      and(
        new Brackets((b) =>
          children.forEach((child, i) => {
            const bracket = new Brackets((bb) => addNode(bb, child, c));
            if (i === 0) b.where(bracket);
            else b.orWhere(bracket);
          }),
        ),
      );
  }
  if (record.not) {
    const negated = record.not;
    and(new NotBrackets((b) => addNode(b, negated, c)));
  }
  if (empty) w.where('TRUE');
}

function columnsOf(qb: SelectQueryBuilder<ObjectLiteral>, properties: Iterable<string>): Map<string, Column> {
  const metadata = qb.expressionMap.mainAlias!.metadata;
  const columns = new Map<string, Column>();
  for (const property of properties) {
    const column = metadata.findColumnWithPropertyPath(property);
    if (!column) throw new Error(`${metadata.name} has no column ${property}`);
    columns.set(property, { name: column.databaseName, type: String(column.type) });
  }
  return columns;
}

/** Parameter names no other part of the query uses: `<prefix>0`, `<prefix>1` … */
function parameterNames(qb: SelectQueryBuilder<ObjectLiteral>, prefix: string): () => string {
  let next = 0;
  return () => {
    while (qb.getParameters()[`${prefix}${next}`] !== undefined) next += 1;
    const name = `${prefix}${next}`;
    next += 1;
    return name;
  };
}

/**
 * ANDs a list filter onto `qb` as one bracketed group, so whatever the filter says (an `or`
 * included) it only narrows what the rest of the query allows (partner row scope, soft delete).
 * Properties map to columns through the entity metadata; every value is a parameter.
 * Throws BAD_USER_INPUT for abusive filters (see FILTER_LIMITS) and FORBIDDEN for a field the
 * policy refuses, before touching `qb`.
 */
export function applyFilter<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  filterType: ClassType,
  filter: FilterValue | null | undefined,
  policy?: FilterPolicy,
): void {
  if (!filter) return;
  const specs = FIELD_SPECS.get(filterType) ?? new Map<string, FieldSpec>();
  const anyQb = qb as unknown as SelectQueryBuilder<ObjectLiteral>;
  const columns = columnsOf(
    anyQb,
    new Set([...specs.values()].filter((spec) => !spec.expression).map((spec) => spec.property)),
  );
  for (const spec of specs.values()) {
    if (spec.expression && !columns.has(spec.property)) {
      columns.set(spec.property, { name: spec.property, type: 'text' });
    }
  }
  checkFilter(filter, specs, columns, policy);
  const compiled: Compiled = {
    alias: qb.escape(qb.alias),
    specs,
    columns,
    params: parameterNames(anyQb, 'filter_'),
  };
  qb.andWhere(new Brackets((w) => addNode(w, filter, compiled)));
}

/**
 * Case-insensitive "contains" over the list's text properties (those the policy allows). A
 * blank term searches nothing; the trigram (pg_trgm GIN) and word indexes of the lower-cased
 * columns serve it (`containsCondition`).
 */
export function applySearch<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  term: string | null | undefined,
  properties: readonly string[],
  policy?: FilterPolicy,
): void {
  const text = term?.trim();
  if (!text) return;
  if (text.length > FILTER_LIMITS.maxTextLength || text.includes('\u0000')) {
    throw new BadUserInputError(
      `search must be at most ${FILTER_LIMITS.maxTextLength} characters of text`,
      'search',
    );
  }
  const anyQb = qb as unknown as SelectQueryBuilder<ObjectLiteral>;
  const searched = properties.filter((property) => !policy || policy.allows(property));
  if (searched.length === 0) throw new ForbiddenError('You may not search this list');
  const columns = columnsOf(anyQb, searched);
  const param = parameterNames(anyQb, 'search_')();
  const alias = qb.escape(qb.alias);
  const contains = containsTerm(text);
  const conditions = searched.map((property) =>
    containsCondition(`${alias}."${columns.get(property)!.name}"`, param, contains),
  );
  qb.andWhere(
    new Brackets((w) =>
      w.where(
        `(${conditions.map((c) => c.sql).join(' OR ')})`,
        Object.assign({}, ...conditions.map((c) => c.params)),
      ),
    ),
  );
}

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Which way a list is ordered.',
  valuesConfig: {
    ASC: { description: 'Smallest, earliest or A first.' },
    DESC: { description: 'Largest, latest or Z first.' },
  },
});

export interface OrderByValue<F extends string = string> {
  field: F;
  direction?: SortDirection | null;
}

/**
 * `<Name>Order { field: <Name>OrderField!, direction: SortDirection = ASC }`. The enum's values
 * are entity properties (`AMOUNT = 'amount'`); pages are keyset on (property, id).
 */
export function orderByInput<E extends Record<string, string>>(
  name: string,
  fields: E,
): ClassType<OrderByValue<E[keyof E]>> {
  @InputType(`${name}Order`, { description: `The order of a ${name} list; ties are broken by id.` })
  class OrderBy {
    @Field(() => fields, { description: 'What to order by.' })
    field: E[keyof E];

    @Field(() => SortDirection, {
      nullable: true,
      defaultValue: SortDirection.ASC,
      description: 'Which way; ascending by default.',
    })
    direction?: SortDirection | null;
  }
  return OrderBy;
}

/** The keyset sort for `orderBy`, or `fallback` (creation order) when none is given. */
export function sortKeyOf(
  orderBy: OrderByValue | null | undefined,
  policy?: FilterPolicy,
  fallback: SortKey = CREATED_ORDER,
): SortKey {
  if (!orderBy) return fallback;
  if (policy && !policy.allows(orderBy.field)) {
    throw new ForbiddenError(`You may not order ${policy.typeName} by ${orderBy.field}`);
  }
  return { property: orderBy.field, direction: orderBy.direction === SortDirection.DESC ? 'DESC' : 'ASC' };
}

export interface ListQueryArgs {
  filter?: FilterValue | null;
  search?: string | null;
  orderBy?: OrderByValue | null;
}

/**
 * A root list's filter, search and order for one caller, as the resolvers use them: all three
 * checked against what the caller may read of `typeName`. Returns the keyset sort for `paginate`:
 * `orderBy`, or the list's own default order (`fallback`, creation order unless given).
 */
export function applyListQuery<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  identity: Identity,
  list: { typeName: string; filterType: ClassType; searchIn: readonly string[]; defaultSort?: SortKey },
  args: ListQueryArgs,
  fallback: SortKey = CREATED_ORDER,
): SortKey {
  const policy = fieldPolicy(identity, list.typeName);
  const sort = sortKeyOf(args.orderBy, policy, list.defaultSort ?? fallback);
  applyFilter(qb, list.filterType, args.filter, policy);
  applySearch(qb, args.search, list.searchIn, policy);
  return sort;
}
