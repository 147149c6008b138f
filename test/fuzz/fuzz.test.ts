import { readFileSync, writeFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import type { Identity, UserRole } from '@sales-graph/shared/auth/identity';
import { SUPERGRAPH_FILE } from '@sales-graph/shared/paths';
import { seedAll } from '../../scripts/environment';
import { apiSchema, fullCoverageCount, generateCases, type FuzzCase, type IdPool } from './generate';
import { failed, judge, sentStrings, type FailureClass } from './oracle';
import { startTestGraph } from '../support';
import type { GraphQLResponse, TestGraph } from '../support';

/**
 * Every root field and mutation of the composed API, with hostile and wrong arguments, as every
 * role, through the gateway on the demo data: no answer is a server error, an uncoded error or a
 * leak, and no failed mutation leaves a row behind.
 *
 * FUZZ_SEED=<n> replays a run; FUZZ_CASES=<n> changes the count; FUZZ_ONLY=3,17 runs only those
 * cases (mutations before them in the full run are then skipped, so state may differ);
 * FUZZ_REPORT=<file> writes every failure as JSON.
 */
const SEED = Number(process.env.FUZZ_SEED ?? new Date().toISOString().slice(0, 10).replace(/-/g, ''));
const SCHEMA = apiSchema(readFileSync(SUPERGRAPH_FILE, 'utf8'));
// At least 2,100, and enough for every root field to meet every role.
const COUNT = Number(process.env.FUZZ_CASES ?? Math.max(2100, fullCoverageCount(SCHEMA)));
const ONLY = process.env.FUZZ_ONLY ? new Set(process.env.FUZZ_ONLY.split(',').map(Number)) : null;
const POOL = 8;

let graph: TestGraph;
let identities: Record<UserRole, Identity>;
let ids: IdPool;
let crmWrites: () => Promise<string[]>;
let prmWrites: () => Promise<string[]>;

async function must<T>(
  query: string,
  variables: Record<string, unknown> = {},
  identity?: Identity,
): Promise<T> {
  const response = await graph.query<T>(query, variables, identity);
  if (response.errors) throw new Error(`${query}: ${JSON.stringify(response.errors)}`);
  return response.data!;
}

/** A partner that went through application, review and onboarding, and its activated admin. */
async function activePartnerUser(): Promise<Identity> {
  const { applyAsPartner: partner } = await must<{ applyAsPartner: { id: string } }>(
    `mutation { applyAsPartner(input: { companyName: "Fuzz Partner", type: RESELLER, contactName: "Fuzz Admin", contactEmail: "fuzz.admin@fuzz.example" }) { id } }`,
  );
  const p = { p: partner.id };
  await must(`mutation($p: ID!) { startPartnerReview(id: $p) { id } }`, p);
  await must(`mutation($p: ID!) { approvePartnerApplication(id: $p) { id } }`, p);
  for (const step of ['AGREEMENT_ACCEPTED', 'PROFILE_COMPLETED', 'FIRST_TRAINING_PASSED']) {
    await must(`mutation($p: ID!) { completeOnboardingStep(partnerId: $p, step: ${step}) { status } }`, p);
  }
  const { partner: active } = await must<{
    partner: { status: string; users: { edges: { node: { id: string } }[] } };
  }>(`query($p: ID!) { partner(id: $p) { status users(first: 5) { edges { node { id } } } } }`, p);
  expect(active.status).toBe('ACTIVE');
  const userId = active.users.edges[0].node.id;
  await must(`mutation($u: ID!) { activatePartnerUser(id: $u) { status } }`, { u: userId });
  return { sub: userId, role: 'PARTNER', partnerId: partner.id };
}

/**
 * Records every committed row change of the database's `schema` in `fuzz.writes` (a row trigger,
 * so a rolled-back write leaves nothing); returns a reader of the tables changed since last read.
 */
async function writeRecorder(db: DataSource, schema: string): Promise<() => Promise<string[]>> {
  await db.query(`CREATE SCHEMA fuzz`);
  await db.query(`CREATE TABLE fuzz.writes (id bigserial PRIMARY KEY, name text NOT NULL)`);
  await db.query(`CREATE FUNCTION fuzz.record_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO fuzz.writes (name) VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME || ' ' || TG_OP); RETURN NULL; END $$`);
  const tables: { table_name: string }[] = await db.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
    [schema],
  );
  for (const { table_name } of tables) {
    await db.query(
      `CREATE TRIGGER fuzz_record_write AFTER INSERT OR UPDATE OR DELETE ON ${schema}."${table_name}"
         FOR EACH ROW EXECUTE FUNCTION fuzz.record_write()`,
    );
  }
  let last = 0;
  return async () => {
    const [row] = await db.query(
      `SELECT max(id)::int AS last, array_agg(DISTINCT name) AS names FROM fuzz.writes WHERE id > $1`,
      [last],
    );
    last = row.last ?? last;
    return (row.names as string[] | null) ?? [];
  };
}

/** A few ids of every table that has them, by table name. */
async function realIds(db: DataSource, schema: string): Promise<IdPool> {
  const tables: { table_name: string }[] = await db.query(
    `SELECT table_name FROM information_schema.columns
      WHERE table_schema = $1 AND column_name = 'id' AND data_type = 'uuid' ORDER BY table_name`,
    [schema],
  );
  const out: Record<string, string[]> = {};
  for (const { table_name } of tables) {
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM ${schema}.${table_name} ORDER BY id LIMIT 5`,
    );
    out[table_name] = rows.map((row) => row.id);
  }
  return out;
}

const pollMs = process.env.OUTBOX_POLL_MS;
beforeAll(async () => {
  // No outbox deliveries in the background: any write must be the doing of the mutation just sent.
  process.env.OUTBOX_POLL_MS = '0';
  graph = await startTestGraph();
  await seedAll({ crm: graph.crm, prm: graph.prm, embedded: false, close: async () => undefined });
  // Ids of the demo data only (deterministic), so a seed replays the same cases; the fuzz
  // partner's own rows are not among them, so it stays usable.
  ids = { ...(await realIds(graph.crm, 'crm')), ...(await realIds(graph.prm, 'prm')) };
  const partner = await activePartnerUser();
  const staff = (role: UserRole): Identity => ({ sub: `user:fuzz-${role.toLowerCase()}`, role });
  identities = {
    ADMIN: staff('ADMIN'),
    SALES: staff('SALES'),
    MARKETING: staff('MARKETING'),
    SUPPORT: staff('SUPPORT'),
    CHANNEL_MANAGER: staff('CHANNEL_MANAGER'),
    ANALYST: staff('ANALYST'),
    PARTNER: partner,
  };
  crmWrites = await writeRecorder(graph.crm, 'crm');
  prmWrites = await writeRecorder(graph.prm, 'prm');
}, 180_000);
afterAll(async () => {
  await graph?.stop();
  if (pollMs === undefined) delete process.env.OUTBOX_POLL_MS;
  else process.env.OUTBOX_POLL_MS = pollMs;
});

interface Failure {
  class: FailureClass;
  detail: string;
  fuzzCase: FuzzCase;
  errors?: GraphQLResponse['errors'];
}

/**
 * Sends a case; a connection reset is retried once: the server may close an idle keep-alive
 * socket just as the client reuses it (client and servers share one event loop here, so the
 * synchronous case generation can outlast the idle timeout). A second reset is reported.
 */
async function send(fuzzCase: FuzzCase, retry = true): Promise<GraphQLResponse> {
  try {
    const { query, variables, operationName } = fuzzCase;
    const response = await fetch(graph.gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await graph.token(identities[fuzzCase.role])}`,
      },
      body: JSON.stringify({ query, variables, operationName }),
    });
    const text = await response.text();
    try {
      return { status: response.status, ...(JSON.parse(text) as object) };
    } catch {
      return { status: response.status, errors: [{ message: text }] };
    }
  } catch (error) {
    const cause = String((error as { cause?: unknown }).cause ?? '');
    if (retry && /ECONNRESET|other side closed/.test(cause)) return send(fuzzCase, false);
    return {
      status: 599,
      errors: [{ message: `request failed: ${String(error)} ${cause}`, extensions: { code: 'NETWORK' } }],
    };
  }
}

const shorten = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value), (_key, v) =>
    typeof v === 'string' && v.length > 60
      ? `${v.slice(0, 20)}…(${v.length} chars)`
      : Array.isArray(v) && v.length > 5
        ? [...v.slice(0, 3), `…(${v.length} items)`]
        : v,
  );

/** Failures by class, then one replayable example per root field. */
function report(failures: Failure[], total: number): string {
  const byClass = new Map<FailureClass, Failure[]>();
  for (const failure of failures) {
    byClass.set(failure.class, [...(byClass.get(failure.class) ?? []), failure]);
  }
  const lines = [`FUZZ_SEED=${SEED}: ${failures.length} failures in ${total} cases`];
  for (const [klass, list] of byClass) {
    const byField = new Map<string, Failure[]>();
    for (const failure of list) {
      byField.set(failure.fuzzCase.field, [...(byField.get(failure.fuzzCase.field) ?? []), failure]);
    }
    lines.push(`\n## ${klass}: ${list.length} in ${byField.size} fields`);
    for (const [field, [{ detail, fuzzCase }, ...more]] of [...byField].slice(0, 15)) {
      const name =
        fuzzCase.operationName === undefined
          ? ''
          : ` operationName=${JSON.stringify(fuzzCase.operationName)}`;
      lines.push(
        `- ${field} (${more.length + 1}x), e.g. case ${fuzzCase.index} as ${fuzzCase.role}${name}: ${detail.slice(0, 300)}`,
        `  ${fuzzCase.query.slice(0, 400)}`,
        `  variables: ${JSON.stringify(shorten(fuzzCase.variables))}`,
      );
    }
  }
  return lines.join('\n');
}

// Thousands of refused requests are logged as warnings; the oracle reads the answers instead.
beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

test(`fuzz (FUZZ_SEED=${SEED}): ${COUNT} generated cases through the gateway as every role`, async () => {
  const started = Date.now();
  const cases = generateCases(SCHEMA, { seed: SEED, count: COUNT, ids }).filter(
    (c) => !ONLY || ONLY.has(c.index),
  );
  const failures: Failure[] = [];
  const outcomes = new Map<string, number>();
  const check = (fuzzCase: FuzzCase, response: GraphQLResponse) => {
    const outcome = `${fuzzCase.kind} ${fuzzCase.valid ? 'valid' : 'invalid'} ${response.errors?.[0]?.extensions?.code ?? 'OK'}`;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (process.env.FUZZ_DEBUG && fuzzCase.valid && response.errors) {
      console.log(`${fuzzCase.field} ${fuzzCase.role}: ${response.errors[0].message.slice(0, 160)}`);
    }
    for (const finding of judge(response, sentStrings(fuzzCase.variables))) {
      failures.push({ ...finding, fuzzCase, errors: response.errors });
    }
  };

  // Queries concurrently through a small pool.
  const queries = cases.filter((c) => c.kind === 'query');
  let next = 0;
  await Promise.all(
    Array.from({ length: POOL }, async () => {
      while (next < queries.length) {
        const fuzzCase = queries[next++];
        check(fuzzCase, await send(fuzzCase));
      }
    }),
  );

  const queriesDone = Date.now();
  const queryWrites = (await Promise.all([crmWrites(), prmWrites()])).flat();
  if (queryWrites.length) console.log(`fuzz: queries wrote ${queryWrites.join(', ')}`);

  // Mutations one at a time, so a change to any table is the doing of the mutation just sent.
  for (const fuzzCase of cases.filter((c) => c.kind === 'mutation')) {
    const response = await send(fuzzCase);
    check(fuzzCase, response);
    const changed = (await Promise.all([crmWrites(), prmWrites()])).flat();
    if (changed.length && failed(response, fuzzCase.field)) {
      const codes = (response.errors ?? []).map((e) => e.extensions?.code);
      failures.push({
        class: 'WRITE_ON_FAILURE',
        detail: `${codes.join(',')} yet wrote ${changed.join(', ')}`,
        fuzzCase,
        errors: response.errors,
      });
    }
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `fuzz: FUZZ_SEED=${SEED}, ${cases.length} cases (${queries.length} queries, ${cases.length - queries.length} mutations, ${cases.filter((c) => c.valid).length} type-correct) in ${seconds}s, ${failures.length} failures`,
  );
  console.log(
    `fuzz: queries took ${queriesDone - started}ms; answers by kind and first code:`,
    JSON.stringify(Object.fromEntries([...outcomes].sort())),
  );
  if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(failures, null, 1));
  expect(failures.length === 0 ? 'no failures' : report(failures, cases.length)).toBe('no failures');
}, 300_000);
