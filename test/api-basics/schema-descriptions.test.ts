import { readFileSync } from 'node:fs';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { SUPERGRAPH_FILE } from '@sales-graph/shared/paths';
import { clientSchema } from '../support/string-inputs';

const FEDERATION_TYPES = new Set(['_Service', '_Entity', '_Any', '_FieldSet']);
const FEDERATION_PREFIXES = ['link__', 'join__', 'federation__'];
const FEDERATION_ROOT_FIELDS = new Set(['_service', '_entities']);

function isFederationInternal(type: GraphQLNamedType): boolean {
  return FEDERATION_TYPES.has(type.name) || FEDERATION_PREFIXES.some((p) => type.name.startsWith(p));
}

/** Every schema element clients see, with whether it carries a non-empty description. */
function describedElements(schema: GraphQLSchema): { path: string; described: boolean }[] {
  const out: { path: string; described: boolean }[] = [];
  const has = (d: string | null | undefined) => typeof d === 'string' && d.trim().length > 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type) || isFederationInternal(type)) {
      continue;
    }
    out.push({ path: type.name, described: has(type.description) });
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (FEDERATION_ROOT_FIELDS.has(field.name)) continue;
        out.push({ path: `${type.name}.${field.name}`, described: has(field.description) });
        for (const arg of field.args) {
          out.push({
            path: `${type.name}.${field.name}(${arg.name})`,
            described: has(arg.description),
          });
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        out.push({ path: `${type.name}.${field.name}`, described: has(field.description) });
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) {
        out.push({ path: `${type.name}.${value.name}`, described: has(value.description) });
      }
    }
  }
  return out;
}

test('every type, field, argument, enum value and input field clients see is described', () => {
  const missing = describedElements(clientSchema())
    .filter((e) => !e.described)
    .map((e) => e.path);
  expect(missing).toEqual([]);
});

test('so is every service-only (@inaccessible) element the subgraphs expose to each other', () => {
  const composed = buildSchema(readFileSync(SUPERGRAPH_FILE, 'utf8'));
  const missing = describedElements(composed)
    .filter((e) => !e.described)
    .map((e) => e.path);
  expect(missing).toEqual([]);
});
