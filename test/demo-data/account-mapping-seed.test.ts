import type { DataSource } from 'typeorm';
import { domainHash } from '@sales-graph/shared/domain';
import { seedAccountMapping } from '../../subgraphs/partners/src/account-mapping/account-mapping.seed';
import { seedCorePrm } from '../../subgraphs/partners/src/seed/core.seed';
import { seededPrm } from './seeded-prm';

/** The demo's account mapping: one active partner's mapping overlapping every other demo customer. */
const customers = ['acme-retail', 'blueharbor', 'cedar-health', 'dunmore'].map((name, i) => ({
  id: `9c1f7e52-2b6f-4d3e-8a41-0f6b1d2c3e4${i}`,
  name,
  domain: `${name}.example`,
}));
const prmSeeds = seededPrm('mappingseed', [seedCorePrm, seedAccountMapping], {
  dealIds: [],
  leadIds: [],
  customers,
});
let prm: DataSource;

beforeAll(async () => {
  prm = await prmSeeds.seeded();
}, 120_000);
afterAll(() => prmSeeds.drop());

test('an active partner has a mapping of at least the minimum, overlapping every other demo customer', async () => {
  const rows: { partner_id: string; hash: string; status: string }[] = await prm.query(
    `SELECT h.partner_id, h.hash, p.status FROM prm.account_mapping_hashes h JOIN prm.partners p ON p.id = h.partner_id`,
  );
  expect(new Set(rows.map((r) => r.partner_id)).size).toBe(1);
  expect(rows[0].status).toBe('ACTIVE');
  expect(rows.length).toBeGreaterThanOrEqual(100);
  const hashes = new Set(rows.map((r) => r.hash));
  expect(customers.map((c) => hashes.has(domainHash(c.domain)!))).toEqual([true, false, true, false]);
  const [{ n }] = await prm.query(`SELECT count(*)::int AS n FROM prm.account_mapping_uploads`);
  expect(n).toBe(1);
});
