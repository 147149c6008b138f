import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { SUPERGRAPH_FILE } from '@sales-graph/shared/paths';

/** The schema clients see: the committed supergraph's API schema. */
export function clientSchema(): GraphQLSchema {
  return Supergraph.build(readFileSync(SUPERGRAPH_FILE, 'utf8')).apiSchema().toGraphQLJSSchema();
}

const ID = '00000000-0000-4000-8000-000000000001';
const SCALARS: Record<string, unknown> = {
  String: 'x',
  ID,
  Int: 1,
  Float: 1,
  Boolean: false,
  Decimal: '1.00',
  Date: '2026-01-01',
  LocalDate: '2026-01-01',
  DateTimeISO: '2026-01-01T00:00:00.000Z',
  JSONObject: {},
};

/** A type-correct value with only what is required (required fields and list items). */
export function minimalValue(type: GraphQLInputType, seen: ReadonlySet<string> = new Set()): unknown {
  if (isNonNullType(type)) return minimalValue(type.ofType, seen);
  if (isListType(type)) return [minimalValue(type.ofType, seen)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    if (seen.has(type.name)) return {};
    const inner = new Set(seen).add(type.name);
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) {
        value[field.name] = minimalValue(field.type, inner);
      }
    }
    return value;
  }
  return SCALARS[type.name] ?? 'x';
}

/** One String slot of an argument: where inside the argument's value the text goes. */
interface Slot {
  /** What the slot is, e.g. `CreatePartnerInput.name` or `Query.customers(after)`. */
  label: string;
  /** Object keys and list positions from the argument's value to the text. */
  steps: (string | number)[];
}

/** Every String slot inside an argument of `type`, each input field counted once across the schema. */
function slots(
  type: GraphQLInputType,
  steps: (string | number)[],
  counted: Set<string>,
  label: string,
): Slot[] {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) return slots(nullable.ofType, [...steps, 0], counted, label);
  if (isInputObjectType(nullable)) {
    const found: Slot[] = [];
    for (const field of Object.values(nullable.getFields())) {
      const key = `${nullable.name}.${field.name}`;
      if (counted.has(key)) continue;
      const named = getNamedType(field.type);
      if (named.name === 'String') {
        counted.add(key);
        found.push(...slots(field.type, [...steps, field.name], counted, key));
      } else if (isInputObjectType(named)) {
        counted.add(key);
        found.push(...slots(field.type, [...steps, field.name], counted, label));
      }
    }
    return found;
  }
  return nullable.name === 'String' ? [{ label, steps }] : [];
}

function withText(value: unknown, type: GraphQLInputType, steps: (string | number)[], text: string): unknown {
  if (steps.length === 0) return text;
  const nullable = getNullableType(type) as GraphQLInputType;
  const [step, ...rest] = steps;
  if (isListType(nullable)) return [withText(undefined, nullable.ofType, rest, text)];
  if (!isInputObjectType(nullable)) throw new Error(`cannot step into ${String(type)}`);
  const base = (value ?? minimalValue(nullable)) as Record<string, unknown>;
  const field = nullable.getFields()[step as string];
  return { ...base, [step]: withText(base[step as string], field.type, rest, text) };
}

interface Hop {
  field: GraphQLField<unknown, unknown>;
  /** `... on Type` needed to select `field` from an abstract parent. */
  on?: string;
}

/** The shortest selection path from a root to each object type (following lists and connections). */
function pathsFrom(root: GraphQLObjectType, schema: GraphQLSchema): Map<string, Hop[]> {
  const paths = new Map<string, Hop[]>([[root.name, []]]);
  const queue: GraphQLObjectType[] = [root];
  while (queue.length > 0) {
    const type = queue.shift()!;
    // Below the root, only query-like fields: mutations are entered at the root only.
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type) as GraphQLNamedType;
      const objects: { object: GraphQLObjectType; on?: string }[] = isObjectType(target)
        ? [{ object: target }]
        : isInterfaceType(target) || isUnionType(target)
          ? schema.getPossibleTypes(target).map((object) => ({ object, on: object.name }))
          : [];
      for (const { object, on } of objects) {
        if (paths.has(object.name)) continue;
        paths.set(object.name, [...paths.get(type.name)!, { field, ...(on ? { on } : {}) }]);
        // From a mutation's result we keep walking as a query would.
        queue.push(object);
      }
    }
  }
  return paths;
}

export interface TextCase {
  label: string;
  query: string;
  variables: Record<string, unknown>;
}

/**
 * One operation per String input of the schema (every String argument of every reachable field
 * and every String field of every input type), with `text` in that slot and minimal valid values
 * everywhere else. `unreachable` lists the slots no operation can reach.
 */
export function textInputCases(
  schema: GraphQLSchema,
  text: string,
): { cases: TextCase[]; unreachable: string[] } {
  const counted = new Set<string>();
  const cases: TextCase[] = [];
  const unreachable: string[] = [];
  const roots = [schema.getQueryType(), schema.getMutationType()].filter((root): root is GraphQLObjectType =>
    Boolean(root),
  );
  const queryPaths = pathsFrom(schema.getQueryType()!, schema);
  const types = Object.values(schema.getTypeMap()).filter(
    (type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'),
  );
  for (const type of types) {
    const isRoot = roots.includes(type);
    const hops = isRoot ? [] : queryPaths.get(type.name);
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) {
        const argKey = `${type.name}.${field.name}(${arg.name})`;
        const found = slots(arg.type, [], counted, argKey);
        if (found.length === 0) continue;
        if (!hops) {
          unreachable.push(...found.map((slot) => slot.label));
          continue;
        }
        for (const slot of found) {
          cases.push(buildCase(type, hops, field, arg, slot, text, type === schema.getMutationType()));
        }
      }
    }
  }
  return { cases, unreachable };
}

function buildCase(
  parent: GraphQLObjectType,
  hops: Hop[],
  target: GraphQLField<unknown, unknown>,
  targetArg: GraphQLArgument,
  slot: Slot,
  text: string,
  mutation: boolean,
): TextCase {
  const definitions: string[] = [];
  const variables: Record<string, unknown> = {};
  const args = (field: GraphQLField<unknown, unknown>, withSlot: boolean) => {
    const passed: string[] = [];
    for (const arg of field.args) {
      const isTarget = withSlot && arg === targetArg;
      if (!isTarget && !(isNonNullType(arg.type) && arg.defaultValue === undefined)) continue;
      const name = `v${definitions.length}`;
      definitions.push(`$${name}: ${String(arg.type)}`);
      const base = minimalValue(arg.type);
      variables[name] = isTarget
        ? withText(isInputObjectType(getNamedType(arg.type)) ? base : undefined, arg.type, slot.steps, text)
        : base;
      passed.push(`${arg.name}: $${name}`);
    }
    return passed.length > 0 ? `(${passed.join(', ')})` : '';
  };
  const leaf = `${target.name}${args(target, true)}${isCompositeType(getNamedType(target.type)) ? ' { __typename }' : ''}`;
  let selection = leaf;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    const inner = hop.on ? `... on ${hop.on} { ${selection} }` : selection;
    selection = `${hop.field.name}${args(hop.field, false)} { __typename ${inner} }`;
  }
  // Wrong for an abstract parent only if the path's last hop ends on it; pathsFrom records `on`.
  void parent;
  const keyword = mutation ? 'mutation' : 'query';
  const header = definitions.length > 0 ? `(${definitions.join(', ')})` : '';
  return { label: slot.label, query: `${keyword} Probe${header} { ${selection} }`, variables };
}
