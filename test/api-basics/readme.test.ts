import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  getNamedType,
  isObjectType,
  parse,
  print,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { PROJECT_ROOT } from '@sales-graph/shared/paths';
import { clientSchema } from '../support/string-inputs';

/** The README stays true: its headline query runs as written, and its error table is complete. */
const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), 'utf8');
const readme = read('README.md');
const schema = clientSchema();

const headline = /```graphql\n(query Headline[\s\S]*?)```/.exec(readme)![1];

/** Object types selected without their `id`, by path. */
function entitiesWithoutId(query: string): string[] {
  const typeInfo = new TypeInfo(schema);
  const missing: string[] = [];
  visit(
    parse(query),
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const type = getNamedType(typeInfo.getType());
        if (!isObjectType(type) || !('id' in type.getFields()) || !node.selectionSet) return;
        const selected = node.selectionSet.selections.some(
          (selection) => selection.kind === 'Field' && selection.name.value === 'id',
        );
        if (!selected) missing.push(`${node.name.value}: ${type.name}`);
      },
    }),
  );
  return missing;
}

test('the headline query is valid and selects id on every entity (a normalising cache can store them)', () => {
  expect(validate(schema, parse(headline)).map((e) => e.message)).toEqual([]);
  expect(entitiesWithoutId(headline)).toEqual([]);
  // The curl line sends the same operation, and smoke.ts runs it (ids included).
  const curl = /"query":"(query Headline[^"]*)"/.exec(readme)![1];
  expect(print(parse(curl))).toBe(print(parse(headline)));
  const smoke = /const HEADLINE = `([\s\S]*?)`;/.exec(read('scripts/smoke.ts'))![1];
  expect(entitiesWithoutId(smoke)).toEqual([]);
});

test('the commands work with any port and secret as written', () => {
  const curl = readme.split('\n').find((line) => line.startsWith('curl '))!;
  expect(curl).toContain('$PORT');
  expect(curl).not.toContain('4000');
  expect(readme).toMatch(/JWT_SECRET/);
  expect(readme).toContain('docker compose exec -T gateway node dist/scripts/token.js --role ADMIN');
});

test('the error table names every extensions.code the services send', () => {
  const table = readme.slice(
    readme.indexOf('## Errors'),
    readme.indexOf('\n## ', readme.indexOf('## Errors') + 1),
  );
  const codes = new Set<string>();
  for (const match of read('shared/src/errors.ts').matchAll(/\|\s*'([A-Z_]+)'/g)) codes.add(match[1]);
  const clientCodes = /const CLIENT_CODES = new Set\(\[([\s\S]*?)\]\)/.exec(
    read('shared/src/graphql/errors.ts'),
  )![1];
  for (const match of clientCodes.matchAll(/'([A-Z_]+)'/g)) codes.add(match[1]);
  for (const match of read('shared/src/http.ts').matchAll(/sendJson\([^)]*?'([A-Z_]+)'/g))
    codes.add(match[1]);
  codes.add('INTERNAL_SERVER_ERROR');
  expect(codes.size).toBeGreaterThan(12);
  expect([...codes].filter((code) => !table.includes(`\`${code}\``))).toEqual([]);
});
