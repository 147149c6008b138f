import { Kind, parse, specifiedRules, validate, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { DEFAULT_QUERY_LIMITS, queryLimitOptions } from './limits';
import { PLAYGROUND_EXAMPLES } from './playground-examples';
import { clientSchema } from '../../test/support/string-inputs';

/** Every playground example is valid against the API the gateway serves, within its default limits. */
const schema = clientSchema();

test('there is an example for a partner pipeline, a deal registration and a BI pull', () => {
  expect(PLAYGROUND_EXAMPLES.map((example) => [example.role, example.title])).toEqual(
    expect.arrayContaining([
      ['PARTNER', "A partner's pipeline"],
      ['PARTNER', 'Register a deal'],
      ['ANALYST', 'BI pull'],
    ]),
  );
});

test.each(PLAYGROUND_EXAMPLES.map((example) => [example.title, example] as const))(
  '%s is a valid operation of the composed API schema, with valid variables',
  (_title, example) => {
    const limits = queryLimitOptions(DEFAULT_QUERY_LIMITS);
    const document = parse(example.query, limits.parseOptions);
    const errors = validate(schema, document, [...specifiedRules, ...limits.validationRules]);
    expect(errors.map((error) => error.message)).toEqual([]);
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    )!;
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], example.variables ?? {});
    expect((coerced.errors ?? []).map((error) => error.message)).toEqual([]);
  },
);
