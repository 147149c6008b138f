import { randomUUID } from 'node:crypto';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { partnerUserRow, seedPartner } from '../../../../test/support/fixtures';
import { serviceTest, type ServiceTest } from '../../../../test/support/service';
import { partnerAccess } from '../access';
import type { CrmClient } from '../crm';
import type { PartnersContext } from '../context.type';
import { DealAttribution } from './attribution.entity';
import { dealAttributionLoader } from './attribution.service';
import { DealPartnerAttribution, DealPartnerRole } from './deal-partner.entity';
import {
  addDealPartner,
  dealPartners,
  removeDealPartner,
  setPrimaryDealPartner,
} from './deal-partner.service';

/**
 * A deal's partners in roles against a real PRM database (no gateway; the CRM answers that every
 * deal exists): concurrent changes of one deal keep exactly one primary and no duplicate part, the
 * row scope gives a partner the deals it is party to and only its own parts, and a change of
 * primary is one projection message.
 */
let prm: ServiceTest<PartnersContext>;
const CM: Identity = { sub: 'user:channel-1', role: 'CHANNEL_MANAGER' };
const crm = { existing: async (_type: string, ids: string[]) => new Set(ids) } as unknown as CrmClient;
const { SOURCED, RESELLER, DISTRIBUTOR } = DealPartnerRole;
const partner: Record<string, string> = {};

const add = (dealId: string, partnerId: string, role: DealPartnerRole) =>
  prm.as(CM, (ctx) => addDealPartner(ctx, { dealId, partnerId, role }));

const rows = async (dealId: string) => ({
  primary: await prm.dataSource.getRepository(DealAttribution).findBy({ dealId }),
  others: await prm.dataSource.getRepository(DealPartnerAttribution).findBy({ dealId }),
});

beforeAll(async () => {
  prm = await serviceTest('partners', { client: crm });
  for (const name of ['sourcer', 'other', 'reseller', 'distributor']) {
    partner[name] = await seedPartner({ prm: prm.dataSource }, { name: `Service ${name}` });
  }
});
afterAll(() => prm?.stop());

test('two SOURCED partners added at once to a direct deal: one primary, the other a SOURCED part', async () => {
  const dealId = randomUUID();
  await Promise.all([add(dealId, partner.sourcer, SOURCED), add(dealId, partner.other, SOURCED)]);
  const { primary, others } = await rows(dealId);
  expect(primary).toHaveLength(1);
  expect(others).toHaveLength(1);
  expect(new Set([primary[0].partnerId, others[0].partnerId])).toEqual(
    new Set([partner.sourcer, partner.other]),
  );
  expect(others[0].role).toBe(SOURCED);
});

test('the same part added twice at once is written once; the other answers CONFLICT', async () => {
  const dealId = randomUUID();
  await add(dealId, partner.sourcer, SOURCED);
  const results = await Promise.allSettled([
    add(dealId, partner.reseller, RESELLER),
    add(dealId, partner.reseller, RESELLER),
  ]);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect(results.find((r) => r.status === 'rejected')).toMatchObject({
    reason: { extensions: { code: 'CONFLICT' } },
  });
  expect((await rows(dealId)).others).toHaveLength(1);
});

test("a partner's row scope: the deals it is party to in any role, and only its own parts", async () => {
  const shared = randomUUID();
  const resellers = randomUUID();
  await add(shared, partner.sourcer, SOURCED);
  await add(shared, partner.reseller, RESELLER);
  await add(shared, partner.distributor, DISTRIBUTOR);
  await add(resellers, partner.sourcer, SOURCED);
  await add(resellers, partner.reseller, RESELLER);
  const distributor = await partnerUserRow({ prm: prm.dataSource }, partner.distributor);
  const access = await prm.as(distributor, (ctx) => partnerAccess(ctx, partner.distributor));
  expect(access.dealIds).toContain(shared);
  expect(access.dealIds).not.toContain(resellers);
  const parts = await prm.as(distributor, (ctx) => {
    const primary = dealAttributionLoader(ctx);
    return Promise.all([shared, resellers].map((id) => dealPartners(ctx, id, (d) => primary.load(d))));
  });
  expect(parts).toEqual([
    [{ dealId: shared, partnerId: partner.distributor, role: DISTRIBUTOR, primary: false }],
    [],
  ]);
  // Removing its part removes the deal from its scope.
  await prm.as(CM, (ctx) =>
    removeDealPartner(ctx, { dealId: shared, partnerId: partner.distributor, role: DISTRIBUTOR }),
  );
  expect((await prm.as(distributor, (ctx) => partnerAccess(ctx, partner.distributor))).dealIds).not.toContain(
    shared,
  );
});

test('a change of primary is one projection message, audited, and the former primary stays SOURCED', async () => {
  const dealId = randomUUID();
  await add(dealId, partner.sourcer, SOURCED);
  await add(dealId, partner.other, SOURCED);
  const outbox = async () =>
    (
      await prm.dataSource.query(
        `SELECT payload FROM prm.attribution_outbox WHERE payload -> 'changes' @> $1::jsonb ORDER BY created_at, id`,
        [JSON.stringify([{ recordId: dealId }])],
      )
    ).map((row: { payload: { changes: unknown } }) => row.payload.changes);
  expect(await outbox()).toEqual([[{ recordId: dealId, role: 'SOURCED', partnerId: partner.sourcer }]]);
  await prm.as(CM, (ctx) => setPrimaryDealPartner(ctx, { dealId, partnerId: partner.other }));
  expect(await outbox()).toEqual([
    [{ recordId: dealId, role: 'SOURCED', partnerId: partner.sourcer }],
    [{ recordId: dealId, role: 'SOURCED', partnerId: partner.other }],
  ]);
  const { primary, others } = await rows(dealId);
  expect(primary.map((row) => row.partnerId)).toEqual([partner.other]);
  expect(others.map((row) => [row.partnerId, row.role])).toEqual([[partner.sourcer, SOURCED]]);
  const audit = await prm.dataSource.query(
    `SELECT actor_sub, action, record_type FROM prm.audit_log WHERE record_type IN ('DealAttribution', 'DealPartnerAttribution')
       AND (after ->> 'dealId' = $1 OR before ->> 'dealId' = $1) ORDER BY created_at, id`,
    [dealId],
  );
  expect(audit.length).toBeGreaterThanOrEqual(4);
  expect(audit.every((row: { actor_sub: string }) => row.actor_sub === CM.sub)).toBe(true);
});
