import { isAnonymousOperation } from './anonymous';

const post = (query: unknown) => ({ method: 'POST', body: { query, variables: {} } });
const APPLY = `mutation($i: PartnerApplicationInput!) { submitPartnerApplication(input: $i) { received reference } }`;

test('exactly the application mutation, selecting its acknowledgement', () => {
  expect(isAnonymousOperation(post(APPLY))).toBe(true);
  expect(
    isAnonymousOperation(
      post(
        `mutation Apply($i: PartnerApplicationInput!) { submitPartnerApplication(input: $i) { __typename received } }`,
      ),
    ),
  ).toBe(true);
});

test('nothing else', () => {
  const refused = [
    `{ partners { totalCount } }`,
    `query { submitPartnerApplication(input: {}) { received } }`,
    `mutation { createPartner(input: {}) { id } }`,
    `mutation { submitPartnerApplication(input: {}) { received } createPartner(input: {}) { id } }`,
    `mutation { x: submitPartnerApplication(input: {}) { received } }`,
    `mutation { submitPartnerApplication(input: {}) @include(if: true) { received } }`,
    `mutation @x { submitPartnerApplication(input: {}) { received } }`,
    `mutation { submitPartnerApplication(input: {}) { ...R } } fragment R on PartnerApplicationReceipt { received }`,
    `mutation { submitPartnerApplication(input: {}) { ... on PartnerApplicationReceipt { received } } }`,
    `mutation { submitPartnerApplication(input: {}) { received partner { id } } }`,
    `mutation { submitPartnerApplication(input: {}) }`,
    `mutation { submitPartnerApplication(input: {}) { received } } mutation B { submitPartnerApplication(input: {}) { received } }`,
    `mutation { submitPartnerApplication(input: {}) { received `,
    `mutation { constructor(input: {}) { received } }`,
    `mutation { submitPartnerApplication(input: {}) { received } }` + ' '.repeat(5000),
  ];
  for (const query of refused)
    expect({ query, ok: isAnonymousOperation(post(query)) }).toEqual({ query, ok: false });
  expect(isAnonymousOperation({ method: 'GET', body: { query: APPLY } })).toBe(false);
  expect(isAnonymousOperation({ method: 'POST', body: [{ query: APPLY }] })).toBe(false);
  expect(isAnonymousOperation({ method: 'POST', body: APPLY })).toBe(false);
  expect(isAnonymousOperation(post(42))).toBe(false);
  const tokens = `mutation { submitPartnerApplication(input: { ${'a: 1 '.repeat(200)} }) { received } }`;
  expect(isAnonymousOperation(post(tokens))).toBe(false);
});
