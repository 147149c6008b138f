import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { startGateway } from '../../gateway/src/gateway';
import { signUserToken } from '@sales-graph/shared/auth/identity';
import { maxBodyBytes } from '@sales-graph/shared/config';
import type { RunningHttpServer } from '@sales-graph/shared/http';
import { codes } from './support';
import { ADMIN, postGraphQL } from '../support';

/**
 * Whatever a subgraph answers, clients see no stack trace, SQL, subgraph name or subgraph
 * address; every error response, whichever layer refuses the request, carries the request id,
 * which is logged with it. The subgraphs here are stubs that answer what each test tells them.
 */
let stub: Server;
let gateway: RunningHttpServer;
let token: string;
let next: { status: number; body: string; type?: string };
const seen: IncomingHttpHeaders[] = [];
const BODY_LIMIT = 4096;

beforeAll(async () => {
  stub = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => {
      res.writeHead(next.status, { 'content-type': next.type ?? 'application/json' });
      res.end(next.body);
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/graphql`;
  gateway = await startGateway({
    port: 0,
    subgraphUrls: { customers: url, partners: url },
    maxBodyBytes: BODY_LIMIT,
    oidc: null,
  });
  token = await signUserToken(ADMIN);
});
afterAll(async () => {
  await gateway?.close();
  await new Promise((resolve) => stub?.close(resolve));
});

let logged: string[];
beforeEach(() => {
  logged = [];
  const capture = (...args: unknown[]) =>
    void logged.push(args.map((arg) => inspect(arg, { depth: 5 })).join(' '));
  jest.spyOn(console, 'warn').mockImplementation(capture);
  jest.spyOn(console, 'error').mockImplementation(capture);
});
afterEach(() => jest.restoreAllMocks());

const PARTNERS = '{ partners(first: 1) { totalCount } }';
const subgraphAnswers = (errors: object[], status = 200) => {
  next = { status, body: JSON.stringify({ data: null, errors }) };
};
const ask = (query = PARTNERS, headers: Record<string, string> = {}) =>
  postGraphQL(gateway.url, query, {}, { authorization: `Bearer ${token}`, ...headers });

const LEAKS =
  /stacktrace|exception|serviceName|insert into|QueryFailedError|at \/|127\.0\.0\.1|"response"|partners-db/i;

test('an internal subgraph error (SQL, stack) is masked to INTERNAL_SERVER_ERROR with errorId and requestId', async () => {
  subgraphAnswers([
    {
      message: 'QueryFailedError: insert into "prm"."partner" violates constraint at partners-db',
      path: ['partners'],
      extensions: {
        code: 'INTERNAL_SERVER_ERROR',
        exception: {
          stacktrace: ['QueryFailedError: ...', '    at /app/node_modules/typeorm/driver.js:1:1'],
        },
        stacktrace: ['QueryFailedError: ...', '    at /app/node_modules/typeorm/driver.js:1:1'],
      },
    },
  ]);
  const response = await ask();
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors!;
  expect(error.message).toBe('Internal server error');
  expect(Object.keys(error.extensions!).sort()).toEqual(['code', 'errorId', 'requestId']);
  expect(error.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  expect(JSON.stringify(response)).not.toMatch(LEAKS);
  // The original is logged server-side under the same request and error ids.
  const line = logged.find((entry) => entry.includes(String(error.extensions?.errorId)));
  expect(line).toContain(String(error.extensions?.requestId));
  expect(line).toContain('insert into');
});

test('a client error forwarded from a subgraph keeps its code and fields but loses stack, exception and serviceName', async () => {
  subgraphAnswers([
    {
      message: 'first must be between 1 and 100',
      path: ['partners'],
      extensions: {
        code: 'BAD_USER_INPUT',
        field: 'first',
        serviceName: 'partners',
        exception: {
          stacktrace: ['BadUserInputError', '    at /app/shared/src/graphql/pagination.ts:80:11'],
        },
        stacktrace: ['BadUserInputError', '    at /app/shared/src/graphql/pagination.ts:80:11'],
      },
    },
  ]);
  const response = await ask();
  expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  expect(response.errors![0].message).toBe('first must be between 1 and 100');
  expect(response.errors![0].extensions).toEqual({
    code: 'BAD_USER_INPUT',
    field: 'first',
    requestId: expect.any(String),
  });
  expect(JSON.stringify(response)).not.toMatch(LEAKS);
});

test("a subgraph's HTTP failure shows neither its URL nor its body", async () => {
  next = { status: 401, body: '{"detail":"partners-db token for 127.0.0.1 rejected"}' };
  const unauthorized = await ask();
  expect(codes(unauthorized)).toEqual(['UNAUTHENTICATED']);
  expect(JSON.stringify(unauthorized)).not.toMatch(LEAKS);

  next = { status: 500, body: '<html>QueryFailedError at /app/index.js</html>', type: 'text/html' };
  const crashed = await ask();
  expect(codes(crashed)).toEqual(['INTERNAL_SERVER_ERROR']);
  expect(JSON.stringify(crashed)).not.toMatch(LEAKS);

  subgraphAnswers([{ message: 'relation "prm.partner" does not exist' }]);
  const uncoded = await ask();
  expect(codes(uncoded)).toEqual(['INTERNAL_SERVER_ERROR']);
  expect(JSON.stringify(uncoded)).not.toMatch(/relation|prm/);
});

test("the caller's x-request-id is used end to end when it is a plain token, replaced otherwise", async () => {
  subgraphAnswers([{ message: 'Partner p not found', extensions: { code: 'NOT_FOUND' } }]);
  seen.length = 0;
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-request-id': 'partner-req-42',
    },
    body: JSON.stringify({ query: PARTNERS }),
  });
  const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
  expect(response.headers.get('x-request-id')).toBe('partner-req-42');
  expect(body.errors[0].extensions.requestId).toBe('partner-req-42');
  expect(seen[0]['x-request-id']).toBe('partner-req-42'); // forwarded to the subgraph
  expect(logged.some((line) => line.includes('partner-req-42') && line.includes('NOT_FOUND'))).toBe(true);

  const hostile = await ask(PARTNERS, { 'x-request-id': 'forged id\twith "quotes"' });
  expect(hostile.errors![0].extensions?.requestId).toMatch(/^[0-9a-f-]{36}$/);
});

test('errors refused before GraphQL runs carry a request id too, and are logged with it', async () => {
  const unauthenticated = await postGraphQL(gateway.url, PARTNERS);
  expect(unauthenticated.status).toBe(401);
  expect(codes(unauthenticated)).toEqual(['UNAUTHENTICATED']);

  const tooLarge = await ask(`{ partners(first: 1) { totalCount } } # ${'x'.repeat(BODY_LIMIT)}`);
  expect(tooLarge.status).toBe(413);
  expect(codes(tooLarge)).toEqual(['PAYLOAD_TOO_LARGE']);

  const notJson = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: '{"query":',
  });
  const notJsonBody = (await notJson.json()) as { errors: { extensions: Record<string, unknown> }[] };
  expect(notJson.status).toBe(400);

  const elsewhere = await fetch(gateway.url.replace('/graphql', '/admin'));
  const elsewhereBody = (await elsewhere.json()) as { errors: { extensions: Record<string, unknown> }[] };
  expect(elsewhere.status).toBe(404);

  const ids = [
    unauthenticated.errors![0].extensions?.requestId,
    tooLarge.errors![0].extensions?.requestId,
    notJsonBody.errors[0].extensions.requestId,
    elsewhereBody.errors[0].extensions.requestId,
  ];
  for (const id of ids) {
    expect(id).toEqual(expect.any(String));
    expect(logged.some((line) => line.includes(String(id)))).toBe(true);
  }
  expect(new Set(ids).size).toBe(ids.length);
});

test('a streamed (chunked) body over the limit is cut off with 413 too', async () => {
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    const chunk = 'x'.repeat(1024);
    for (let i = 0; i < 8; i++) req.write(chunk); // no content-length: the server counts as it reads
    req.end();
  });
  expect(status).toBe(413);
  const parsed = JSON.parse(body) as { errors: { extensions: Record<string, unknown> }[] };
  expect(parsed.errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', requestId: expect.any(String) });
});

test('the body limit comes from MAX_BODY_BYTES unless given', () => {
  const saved = process.env.MAX_BODY_BYTES;
  try {
    delete process.env.MAX_BODY_BYTES;
    expect(maxBodyBytes()).toBe(1_000_000);
    process.env.MAX_BODY_BYTES = '2048';
    expect(maxBodyBytes()).toBe(2048);
  } finally {
    if (saved === undefined) delete process.env.MAX_BODY_BYTES;
    else process.env.MAX_BODY_BYTES = saved;
  }
});
