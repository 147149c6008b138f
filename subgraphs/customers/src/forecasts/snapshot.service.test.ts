import { statementCounter } from '@sales-graph/shared/db/datasource';
import { serviceTest, type CustomersContext, type ServiceTest } from '../../../../test/support/service';
import { User } from '../users';
import { takeForecastSnapshot } from './snapshot.service';

/**
 * Weekly snapshots against a real CRM database: written set-based (the statement count does not
 * grow with the deals), one per ISO week (the Monday 00:00 UTC boundary), with each deal's owner,
 * the owner's team, stage, forecast category and probability as they were; deleted deals and
 * deals closed more than 400 days before are not in it.
 */
let crm: ServiceTest<CustomersContext>;
let teamId: string;

const MONDAY = new Date('2026-11-30T00:00:00.000Z');
const SUNDAY_NIGHT = new Date('2026-12-06T23:59:59.999Z');
const NEXT_MONDAY = new Date('2026-12-07T00:00:00.000Z');

beforeAll(async () => {
  crm = await serviceTest('customers');
  const [team] = await crm.dataSource.query(`INSERT INTO crm.teams (name) VALUES ('Snapshots') RETURNING id`);
  teamId = team.id;
  await crm.dataSource
    .getRepository(User)
    .save({ sub: 'user:snap-rep', name: 'Snap Rep', role: 'SALES', teamId, active: true });
  const [customer] = await crm.dataSource.query(
    `INSERT INTO crm.customers (name, lifecycle_stage) VALUES ('Snapshot Co', 'CUSTOMER') RETURNING id`,
  );
  // 200 open deals of the rep in four stages, 10 won a year ago, 5 won long ago, 3 deleted.
  await crm.dataSource.query(
    `INSERT INTO crm.deals (title, amount, currency, stage, customer_id, owner_id, expected_close_date)
     SELECT 'open ' || n, n + 0.25, 'EUR', (ARRAY['PROSPECTING','QUALIFICATION','PROPOSAL','NEGOTIATION'])[1 + n % 4],
            $1, 'user:snap-rep', DATE '2026-12-01' + n
       FROM generate_series(1, 200) n`,
    [customer.id],
  );
  await crm.dataSource.query(
    `INSERT INTO crm.deals (title, amount, currency, stage, customer_id, owner_id, closed_at)
     SELECT 'won ' || n, 100.00, 'USD', 'CLOSED_WON', $1::uuid, 'user:snap-rep', $2::timestamptz - interval '365 days'
       FROM generate_series(1, 10) n
     UNION ALL
     SELECT 'old ' || n, 100.00, 'USD', 'CLOSED_WON', $1::uuid, 'user:snap-rep', $2::timestamptz - interval '401 days'
       FROM generate_series(1, 5) n`,
    [customer.id, MONDAY],
  );
  await crm.dataSource.query(
    `INSERT INTO crm.deals (title, amount, currency, stage, customer_id, owner_id, deleted_at)
     SELECT 'gone ' || n, '1.00', 'EUR', 'PROPOSAL', $1, 'user:snap-rep', now() FROM generate_series(1, 3) n`,
    [customer.id],
  );
});
afterAll(() => crm?.stop());

const take = (now: Date) =>
  crm.dataSource.transaction((manager) => takeForecastSnapshot(manager, now, 'user:admin'));

test('one INSERT … SELECT writes every deal: the statements do not grow with the deals', async () => {
  const logger = statementCounter(crm.dataSource);
  const statements: string[] = [];
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (text: string, parameters?: unknown[]) => {
    statements.push(text);
    original(text, parameters);
  };
  let result: Awaited<ReturnType<typeof take>>;
  try {
    result = await take(MONDAY);
  } finally {
    logger.logQuery = original;
  }
  expect(result.created).toBe(true);
  expect(result.snapshot).toMatchObject({ weekStart: '2026-11-30', dealCount: 210 });
  // BEGIN, the snapshot row, the timeout, the INSERT … SELECT, the count, the retention, the read, COMMIT.
  expect(statements.length).toBeLessThanOrEqual(10);
  expect(statements.filter((q) => /INSERT INTO crm\.forecast_snapshot_deals/.test(q))).toHaveLength(1);
  const rows = await crm.dataSource.query(
    `SELECT sd.stage, sd.forecast_category, sd.probability, sd.team_id, count(*)::int AS n, sum(sd.amount)::text AS amount
       FROM crm.forecast_snapshot_deals sd WHERE sd.snapshot_id = $1 GROUP BY 1, 2, 3, 4 ORDER BY 1`,
    [result.snapshot.id],
  );
  // Stage of deal n is (n % 4): 50 each; amounts n + 0.25 summed per stage.
  const sums = [0, 1, 2, 3].map((r) => {
    let cents = 0;
    for (let n = 1; n <= 200; n += 1) if (n % 4 === r) cents += n * 100 + 25;
    return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  });
  expect(rows).toEqual([
    {
      stage: 'CLOSED_WON',
      forecast_category: 'CLOSED',
      probability: 100,
      team_id: teamId,
      n: 10,
      amount: '1000.00',
    },
    {
      stage: 'NEGOTIATION',
      forecast_category: 'COMMIT',
      probability: 75,
      team_id: teamId,
      n: 50,
      amount: sums[3],
    },
    {
      stage: 'PROPOSAL',
      forecast_category: 'BEST_CASE',
      probability: 50,
      team_id: teamId,
      n: 50,
      amount: sums[2],
    },
    {
      stage: 'PROSPECTING',
      forecast_category: 'PIPELINE',
      probability: 10,
      team_id: teamId,
      n: 50,
      amount: sums[0],
    },
    {
      stage: 'QUALIFICATION',
      forecast_category: 'PIPELINE',
      probability: 20,
      team_id: teamId,
      n: 50,
      amount: sums[1],
    },
  ]);
});

test('one per ISO week: Sunday night is the same week, Monday 00:00 UTC the next', async () => {
  const again = await take(SUNDAY_NIGHT);
  expect(again.created).toBe(false);
  expect(again.snapshot.weekStart).toBe('2026-11-30');
  const next = await take(NEXT_MONDAY);
  expect(next).toMatchObject({ created: true, snapshot: { weekStart: '2026-12-07', dealCount: 210 } });
  const counts = await crm.dataSource.query(
    `SELECT s.week_start::text AS week, count(sd.deal_id)::int AS n FROM crm.forecast_snapshots s
       LEFT JOIN crm.forecast_snapshot_deals sd ON sd.snapshot_id = s.id GROUP BY 1 ORDER BY 1`,
  );
  expect(counts).toEqual([
    { week: '2026-11-30', n: 210 },
    { week: '2026-12-07', n: 210 },
  ]);
});
