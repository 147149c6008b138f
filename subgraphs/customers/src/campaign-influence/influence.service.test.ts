import type { Identity } from '@sales-graph/shared/auth/identity';
import { serviceTest, type CustomersContext, type ServiceTest } from '../../../../test/support/service';
import { campaignInfluence, dealCampaignCredits } from './influence.service';
import { CampaignInfluenceModel } from './influence.types';

/**
 * The credit rules in the database (the one SQL every path runs): ties, the touch window,
 * deleted rows, remainder cents. Rows written directly, every instant pinned.
 */
let crm: ServiceTest<CustomersContext>;
const MARKETING: Identity = { sub: 'user:marketing-1', role: 'MARKETING' };
const T0 = new Date('2026-03-01T00:00:00.000Z');
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const { FIRST_TOUCH, LAST_TOUCH, EVEN_SPLIT } = CampaignInfluenceModel;

beforeAll(async () => {
  crm = await serviceTest('customers');
});
afterAll(() => crm?.stop());

const one = async (sql: string, params: unknown[]) =>
  ((await crm.dataSource.query(sql, params)) as { id: string }[])[0].id;

/** Campaigns with these ids (ordered ids make the tie-breaks readable). */
async function campaigns(...ids: string[]) {
  for (const id of ids)
    await crm.dataSource.query(
      `INSERT INTO crm.campaigns (id, name, channel, status) VALUES ($1::uuid, $1::text, 'EMAIL', 'ACTIVE')`,
      [id],
    );
}

/** A customer with one contact per touch, and a deal of `amount` closed at `closedAt` (null: open). */
async function dealTouchedBy(
  amount: string,
  closedAt: Date | null,
  touches: [campaignId: string, at: Date][],
) {
  const customerId = await one(
    `INSERT INTO crm.customers (name, lifecycle_stage) VALUES ('Influenced', 'CUSTOMER') RETURNING id`,
    [],
  );
  for (const [campaignId, touchedAt] of touches) {
    const contactId = await one(
      `INSERT INTO crm.contacts (customer_id, first_name, last_name) VALUES ($1, 'A', 'B') RETURNING id`,
      [customerId],
    );
    await crm.dataSource.query(
      `INSERT INTO crm.campaign_members (campaign_id, contact_id, status, created_at) VALUES ($1, $2, 'SENT', $3)`,
      [campaignId, contactId, touchedAt],
    );
  }
  return one(
    `INSERT INTO crm.deals (customer_id, title, amount, currency, stage, closed_at)
     VALUES ($1, 'Deal', $2, 'EUR', $3, $4) RETURNING id`,
    [customerId, amount, closedAt ? 'CLOSED_WON' : 'PROPOSAL', closedAt],
  );
}

const credits = (dealId: string, model: CampaignInfluenceModel) =>
  crm
    .as(MARKETING, (ctx) => dealCampaignCredits(ctx, dealId, model))
    .then((list) => list.map((credit) => `${credit.campaignId.slice(0, 8)} ${credit.amount}`));

const c = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;

test('touches of the same instant: the lower campaign id is first and last; it gets the remainder first', async () => {
  await campaigns(c(1), c(2), c(3));
  const deal = await dealTouchedBy('0.02', null, [
    [c(2), at(1)],
    [c(1), at(1)],
    [c(3), at(1)],
  ]);
  expect(await credits(deal, FIRST_TOUCH)).toEqual(['00000001 0.02']);
  expect(await credits(deal, LAST_TOUCH)).toEqual(['00000001 0.02']);
  // 2 cents over 3 campaigns: 0 each, the 2 remainder cents to the first two in touch order.
  expect(await credits(deal, EVEN_SPLIT)).toEqual(['00000001 0.01', '00000002 0.01', '00000003 0.00']);
});

test('a touch at or after the close instant does not count; before it does', async () => {
  await campaigns(c(4), c(5), c(6));
  const deal = await dealTouchedBy('10.00', at(10), [
    [c(4), at(9)],
    [c(5), at(10)],
    [c(6), at(11)],
  ]);
  expect(await credits(deal, LAST_TOUCH)).toEqual(['00000004 10.00']);
  expect(await credits(deal, EVEN_SPLIT)).toEqual(['00000004 10.00']);
});

test('a deleted membership or campaign does not count; a deal no campaign touched has no credits', async () => {
  await campaigns(c(7), c(8));
  const deal = await dealTouchedBy('9.00', null, [
    [c(7), at(1)],
    [c(8), at(2)],
  ]);
  await crm.dataSource.query(`UPDATE crm.campaigns SET deleted_at = $1 WHERE id = $2`, [at(3), c(8)]);
  expect(await credits(deal, EVEN_SPLIT)).toEqual(['00000007 9.00']);
  await crm.dataSource.query(`UPDATE crm.campaign_members SET deleted_at = $1 WHERE campaign_id = $2`, [
    at(3),
    c(7),
  ]);
  expect(await credits(deal, EVEN_SPLIT)).toEqual([]);
});

test('seven campaigns share 100.00 exactly: four get 14.29, three 14.28, in touch order', async () => {
  const ids = [11, 12, 13, 14, 15, 16, 17].map(c);
  await campaigns(...ids);
  // Touched in reverse id order: the order of the remainder follows the touches, not the ids.
  const deal = await dealTouchedBy(
    '100.00',
    null,
    [...ids].reverse().map((id, i) => [id, at(i)]),
  );
  expect(await credits(deal, EVEN_SPLIT)).toEqual([
    '00000017 14.29',
    '00000016 14.29',
    '00000015 14.29',
    '00000014 14.29',
    '00000013 14.28',
    '00000012 14.28',
    '00000011 14.28',
  ]);
  const { totals } = await crm.as(MARKETING, (ctx) =>
    campaignInfluence(ctx, EVEN_SPLIT, { id: { in: [deal] } } as never),
  );
  expect(totals.map((t) => [t.currency, t.pipeline, t.deals])).toEqual([['EUR', '100.00', 1]]);
});
