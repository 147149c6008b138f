import { Supergraph } from '@apollo/federation-internals';
import {
  getNamedType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { ROLES, type UserRole } from '@sales-graph/shared/auth/identity';
import { Prng } from './prng';
import { camelWords, Values, type IdPool } from './values';

export { Prng } from './prng';
export type { IdPool } from './values';

/**
 * Generates fuzz operations from the API schema: one root field each, with arguments that are
 * type-correct but hostile (NUL bytes, huge numbers, malformed ids, decimals and dates) or, in
 * "invalid" cases, wrong in one place (missing, wrong type, unknown field, bad enum, null).
 */

/** The schema clients see: the supergraph minus `@inaccessible` and federation internals. */
export function apiSchema(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

export interface FuzzCase {
  index: number;
  role: UserRole;
  kind: 'query' | 'mutation';
  field: string;
  /** Whether the operation and its variables are valid for the schema. */
  valid: boolean;
  query: string;
  variables: Record<string, unknown>;
  /** Sent with the operation when set; the operation is always named `Fuzz`. */
  operationName?: string;
}

export interface GenerateOptions {
  seed: number;
  count: number;
  /** Ids of real rows by table name (`deals`, `partner_users`…), so that ids hit records. */
  ids: IdPool;
  roles?: readonly UserRole[];
  /** Share of cases whose arguments are type-correct. */
  validShare?: number;
}

type Mode = 'valid' | 'invalid';

export function generateCases(schema: GraphQLSchema, options: GenerateOptions): FuzzCase[] {
  const prng = new Prng(options.seed);
  const roles = options.roles ?? ROLES;
  const validShare = options.validShare ?? 0.65;
  const roots = rootFields(schema);
  const cases: FuzzCase[] = [];
  for (let index = 0; index < options.count; index++) {
    const { kind, field } = roots[index % roots.length];
    const round = Math.floor(index / roots.length);
    // Every field meets every role across rounds; half the cases are ADMIN, who passes the checks.
    const schedule = roleSchedule(roles);
    const role = schedule[(round + (index % roots.length)) % schedule.length];
    const valid = prng.chance(validShare);
    const { query, variables } = operation(
      prng,
      schema,
      kind,
      field,
      valid ? 'valid' : 'invalid',
      options.ids,
    );
    const fuzzCase: FuzzCase = { index, role, kind, field: field.name, valid, query, variables };
    // Now and then an operationName, mostly one the document does not define.
    if (prng.chance(0.04)) fuzzCase.operationName = prng.pick(['Fuzz', 'NoSuchOperation', '', '__proto__']);
    cases.push(fuzzCase);
  }
  return cases;
}

/** The roles of a field's successive rounds: ADMIN between every other role (it passes the checks). */
function roleSchedule(roles: readonly UserRole[]): UserRole[] {
  return roles.flatMap((role) => (role === 'ADMIN' ? [role] : ['ADMIN' as const, role]));
}

/**
 * The fewest cases in which every root field meets every role (a round per schedule entry): a
 * run's count must grow with the schema, or the newest fields are fuzzed as only some roles.
 */
export function fullCoverageCount(schema: GraphQLSchema, roles: readonly UserRole[] = ROLES): number {
  return rootFields(schema).length * roleSchedule(roles).length;
}

export function rootFields(schema: GraphQLSchema) {
  const of = (kind: 'query' | 'mutation') => {
    const type = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
    return Object.values(type?.getFields() ?? {}).map((field) => ({ kind, field }));
  };
  return [...of('query'), ...of('mutation')];
}

function operation(
  prng: Prng,
  schema: GraphQLSchema,
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  mode: Mode,
  ids: IdPool,
) {
  // Mostly plausible values with a few hostile ones, so that the hostile ones get past validation.
  const gen = new Values(prng, ids, prng.pick([0.15, 0.3, 1]), camelWords(field.name));
  const args = field.args.filter((arg) => isNonNullType(arg.type) || prng.chance(0.6));
  // The one argument an invalid case gets wrong (or, with none, an argument that does not exist).
  const broken: GraphQLArgument | undefined = mode === 'invalid' ? pickArg(prng, field.args) : undefined;
  if (broken && !args.includes(broken)) args.push(broken);
  const declarations: string[] = [];
  const passed: string[] = [];
  const variables: Record<string, unknown> = {};
  args.forEach((arg, i) => {
    if (arg === broken && isNonNullType(arg.type) && prng.chance(0.2)) return; // missing required
    const name = `a${i}`;
    declarations.push(`$${name}: ${String(arg.type)}`);
    passed.push(`${arg.name}: $${name}`);
    const value = arg === broken ? gen.invalid(arg.type) : gen.valid(arg.type, 0, arg.name);
    if (value !== undefined) variables[name] = value;
  });
  if (mode === 'invalid' && field.args.length === 0) passed.push('fuzzUnknownArgument: 1');
  const header = declarations.length ? `(${declarations.join(', ')})` : '';
  const call = passed.length ? `(${passed.join(', ')})` : '';
  const query = `${kind} Fuzz${header} { ${field.name}${call}${selection(prng, schema, field.type, 0)} }`;
  return { query, variables };
}

const pickArg = (prng: Prng, args: readonly GraphQLArgument[]) => (args.length ? prng.pick(args) : undefined);

/** Scalar leaves (`id` and `__typename` always), and up to two object fields, one level below the root type. */
export function selection(prng: Prng, schema: GraphQLSchema, type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) && !isInterfaceType(named)) return ' { __typename }';
  const fields = Object.values(named.getFields()).filter((f) => !f.args.some((a) => isNonNullType(a.type)));
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type))).slice(0, 12);
  // Connection wrappers do not count towards the depth, so `edges { node { … } }` reaches records.
  const wrapper = /(Connection|Edge)$/.test(named.name);
  const nextDepth = wrapper ? depth : depth + 1;
  const objects =
    nextDepth > 1
      ? []
      : fields.filter((f) => !isLeafType(getNamedType(f.type)) && (wrapper || prng.chance(0.3)));
  const nested = (wrapper ? objects : objects.slice(0, 2)).map(
    (f) => `${f.name}${selection(prng, schema, f.type, nextDepth)}`,
  );
  const names = ['__typename', ...leaves.map((f) => f.name), ...nested];
  return ` { ${[...new Set(names)].join(' ')} }`;
}
