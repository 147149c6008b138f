import { readFileSync } from 'node:fs';
import { getVariableValues, parse, validate, type OperationDefinitionNode } from 'graphql';
import { SUPERGRAPH_FILE } from '@sales-graph/shared/paths';
import { apiSchema, fullCoverageCount, generateCases, rootFields } from './generate';

/** The generator, without a server: deterministic, complete, and honest about validity. */
const schema = apiSchema(readFileSync(SUPERGRAPH_FILE, 'utf8'));
const ids = {
  deals: ['0b8d7f6e-1111-4222-8333-444455556666'],
  partners: ['1b8d7f6e-1111-4222-8333-444455556666'],
};

test('the same seed gives the same cases, another seed others', () => {
  const a = generateCases(schema, { seed: 7, count: 300, ids });
  expect(generateCases(schema, { seed: 7, count: 300, ids })).toEqual(a);
  expect(generateCases(schema, { seed: 8, count: 300, ids })).not.toEqual(a);
});

test('the API schema hides @inaccessible fields, and every root field gets every role', () => {
  const names = rootFields(schema).map((root) => root.field.name);
  expect(names).toContain('createDeal');
  expect(names).not.toContain('createPartnerSourcedDeal'); // @inaccessible in the supergraph
  const cases = generateCases(schema, { seed: 1, count: fullCoverageCount(schema), ids });
  for (const name of names) {
    expect(new Set(cases.filter((c) => c.field === name).map((c) => c.role)).size).toBe(7);
  }
});

test('"valid" cases validate and their variables coerce; "invalid" ones do not', () => {
  const cases = generateCases(schema, { seed: 3, count: 1500, ids });
  let invalidRejected = 0;
  for (const fuzzCase of cases) {
    const document = parse(fuzzCase.query);
    const errors = [...validate(schema, document)];
    if (!errors.length) {
      const operation = document.definitions[0] as OperationDefinitionNode;
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], fuzzCase.variables);
      errors.push(...(coerced.errors ?? []));
    }
    if (fuzzCase.valid) expect([fuzzCase.query, errors.map((e) => e.message)]).toEqual([fuzzCase.query, []]);
    else if (errors.length) invalidRejected++;
  }
  // Custom scalars (Decimal, Date…) accept any value here, so a few wrong ones only fail in the subgraph.
  expect(invalidRejected / cases.filter((c) => !c.valid).length).toBeGreaterThan(0.8);
});

test('any seed generates (every shape of every input type)', () => {
  for (let seed = 100; seed < 110; seed++) {
    expect(generateCases(schema, { seed, count: 300, ids })).toHaveLength(300);
  }
});
