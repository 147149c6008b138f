import { failed, judge, sentStrings } from './oracle';

/** The oracle, without a server: what counts as a failure, and what does not. */
const answer = (
  message: string,
  extensions: Record<string, unknown> = { code: 'BAD_USER_INPUT' },
  path?: string[],
) => ({
  status: 200,
  data: null,
  errors: [{ message, extensions, path }],
});

test('a coded refusal is no failure, even when it quotes hostile input', () => {
  const sent = sentStrings({ a0: { name: "x'; SELECT * FROM crm.deals --" } });
  expect(judge(answer(`Customer x'; SELECT * FROM crm.deals -- not found`), sent)).toEqual([]);
});

test.each([
  ['HTTP_5XX', { status: 500, errors: [] }],
  ['INTERNAL_SERVER_ERROR', answer('Internal server error', { code: 'INTERNAL_SERVER_ERROR' })],
  ['NO_CODE', answer('Something broke', {})],
  ['LEAK', answer('duplicate key value violates unique constraint "partners_name_key"')],
  ['LEAK', answer('relation "prm.partner_users" does not exist')],
  ['LEAK', answer('oops', { code: 'BAD_USER_INPUT', stacktrace: ['at /app/src/x.ts:1:2'] })],
])('%s is found', (klass, response) => {
  expect(judge(response).map((finding) => finding.class)).toContain(klass);
});

test('a mutation failed only if its root field did, not a field of its answer', () => {
  expect(
    failed(answer('Role SALES may not read Campaign', { code: 'FORBIDDEN' }, ['m', 'campaign']), 'm'),
  ).toBe(false);
  expect(failed(answer('Not allowed', { code: 'FORBIDDEN' }, ['m']), 'm')).toBe(true);
  expect(failed(answer('Variable "$a0" got invalid value'), 'm')).toBe(true);
});
