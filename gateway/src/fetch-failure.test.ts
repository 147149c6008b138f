import { GraphQLError, parse } from 'graphql';
import { entityErrorsAtFields, fetchFailureErrors } from './fetch-failure';

const unavailable = new GraphQLError('Part of the data is unavailable: a service could not be reached', {
  extensions: { code: 'SERVICE_UNAVAILABLE', response: { url: 'http://10.0.0.7:4002/graphql' } },
});

test('a root fetch: one error per root field, at its response name, without server details', () => {
  const document = parse(
    `query Q__partners__0 { p: partner(id: "1") { id name } partners(first: 1) { totalCount } __typename }`,
  );
  expect(fetchFailureErrors(unavailable, document, {})).toEqual([
    { message: unavailable.message, path: ['p'], extensions: { code: 'SERVICE_UNAVAILABLE' } },
    { message: unavailable.message, path: ['partners'], extensions: { code: 'SERVICE_UNAVAILABLE' } },
  ]);
});

test('an entity fetch: one error per entity and field its type asks for, at _entities[i].field', () => {
  const document = parse(`
    query Q__partners__1($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Deal { __typename sourcedBy { id name } c: commission { amount } }
        ...LeadParts
      }
    }
    fragment LeadParts on Lead { referredBy { id } }`);
  const representations = [
    { __typename: 'Deal', id: 'd1' },
    { __typename: 'Lead', id: 'l1' },
    { __typename: 'Deal', id: 'd2' },
  ];
  const paths = fetchFailureErrors(unavailable, document, { representations }).map((error) => error.path);
  expect(paths).toEqual([
    ['_entities', 0, 'sourcedBy'],
    ['_entities', 0, 'c'],
    ['_entities', 1, 'referredBy'],
    ['_entities', 2, 'sourcedBy'],
    ['_entities', 2, 'c'],
  ]);
});

test('a client code other than SERVICE_UNAVAILABLE (a refused request) is kept', () => {
  const refused = new GraphQLError('Invalid value', { extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
  expect(fetchFailureErrors(refused, parse('{ deal(id: "x") { id } }'), undefined)).toEqual([
    { message: 'Invalid value', path: ['deal'], extensions: { code: 'BAD_USER_INPUT', field: 'id' } },
  ]);
});

test('an entity the subgraph could not resolve: its error goes to each field the fetch asked for', () => {
  const document = parse(`query Q__customers__1($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Deal { title amount } }
  }`);
  const representations = [
    { __typename: 'Deal', id: 'd1' },
    { __typename: 'Deal', id: 'd2' },
  ];
  const failed = {
    message: 'unavailable',
    path: ['_entities', 1],
    extensions: { code: 'SERVICE_UNAVAILABLE' },
  };
  const deeper = { message: 'no', path: ['_entities', 0, 'title'], extensions: { code: 'FORBIDDEN' } };
  expect(entityErrorsAtFields([deeper, failed], document, { representations })).toEqual([
    deeper,
    { ...failed, path: ['_entities', 1, 'title'] },
    { ...failed, path: ['_entities', 1, 'amount'] },
  ]);
});
