import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { createPartnersDataSource } from '../datasource';
import { spendProspectCheck } from './prospect-availability.service';
import { HOUR_MS } from '@sales-graph/shared/time';

/** The partner's hourly pre-check budget against a real PRM database, on an injected clock. */
let db: TestDatabase;
let ds: DataSource;
let partnerId: string;
const t0 = Date.parse('2026-12-01T09:00:00Z');
const at = (ms: number) => new Date(t0 + ms);

beforeAll(async () => {
  db = await createTestDatabase('prospect_checks', { migrated: 'partners' });
  ds = await createPartnersDataSource(db.url, db.poolMax).initialize();
  [{ id: partnerId }] = await ds.query(
    `INSERT INTO prm.partners (name, name_key, type, tier, status, created_by)
     VALUES ('Northwind', 'northwind', 'RESELLER', 'REGISTERED', 'ACTIVE', 'test') RETURNING id`,
  );
  process.env.PROSPECT_CHECKS_PER_HOUR = '3';
});

afterAll(async () => {
  delete process.env.PROSPECT_CHECKS_PER_HOUR;
  await ds?.destroy();
  await db?.drop();
});

const spend = (ms: number, sub = 'user-1') =>
  spendProspectCheck({ dataSource: ds, identity: { sub, role: 'PARTNER', partnerId } }, partnerId, at(ms));
const refusal = async (ms: number) => {
  try {
    await spend(ms);
  } catch (error) {
    return (error as { extensions: Record<string, unknown> }).extensions;
  }
  return null;
};

test('the partner spends its checks across users, waits for the oldest to leave the hour, and keeps no old rows', async () => {
  await spend(0, 'user-1');
  await spend(10 * 60_000, 'user-2');
  await spend(20 * 60_000, 'key-1');
  expect(await refusal(30 * 60_000)).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 30 * 60 });
  // The first check leaves the window after an hour: one more, not two.
  await spend(HOUR_MS + 1);
  expect(await refusal(HOUR_MS + 2)).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 10 * 60 });
  const [{ count }] = await ds.query(`SELECT count(*) FROM prm.prospect_checks WHERE partner_id = $1`, [
    partnerId,
  ]);
  expect(Number(count)).toBe(3);
});
