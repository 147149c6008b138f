import type { Identity } from '@sales-graph/shared/auth/identity';
import { seedPartner } from '../../../../test/support/fixtures';
import { serviceTest, type ServiceTest } from '../../../../test/support/service';
import { DealAttribution, DealPartnerAttribution, DealPartnerRole } from '../attribution';
import type { PartnersContext } from '../context.type';
import { DealStage } from '@sales-graph/shared/deal-stage';
import { PartnerTier } from '../partners';
import { CommissionPlan } from './commission.entity';
import { dealCommissionBreakdown, setCommissionPlan } from './commission.service';

/** Commission plans against a real PRM database, without the gateway or the CRM. */
let prm: ServiceTest<PartnersContext>;
const CHANNEL: Identity = { sub: 'user:channel-1', role: 'CHANNEL_MANAGER' };
const ADMIN: Identity = { sub: 'user:admin', role: 'ADMIN' };

beforeAll(async () => {
  prm = await serviceTest('partners');
});
afterAll(() => prm?.stop());

test('a tier has one plan: setting it again changes that plan, with its rate at four decimals and exact caps', async () => {
  const first = await prm.as(CHANNEL, (ctx) =>
    setCommissionPlan(ctx, { tier: PartnerTier.GOLD, rate: '0.1', capPerDeal: '5000.50', currency: 'eur' }),
  );
  expect(first).toMatchObject({
    tier: PartnerTier.GOLD,
    rate: '0.1000',
    currency: 'EUR',
    createdBy: CHANNEL.sub,
  });
  const second = await prm.as(ADMIN, (ctx) =>
    setCommissionPlan(ctx, {
      tier: PartnerTier.GOLD,
      rate: '0.125',
      capPerPeriod: '100000.00',
      currency: 'EUR',
    }),
  );
  expect(second.id).toBe(first.id);
  const stored = await prm.dataSource.getRepository(CommissionPlan).findBy({ tier: PartnerTier.GOLD });
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ rate: '0.1250', createdBy: CHANNEL.sub });
  expect(String(stored[0].capPerPeriod)).toBe('100000.00');
  expect(stored[0].capPerDeal).toBeNull();
});

test('a rate outside 0..1, a negative cap or an unknown currency is BAD_USER_INPUT and changes nothing', async () => {
  const plan = (input: Partial<Parameters<typeof setCommissionPlan>[1]>) =>
    prm.as(CHANNEL, (ctx) =>
      setCommissionPlan(ctx, { tier: PartnerTier.SILVER, rate: '0.05', currency: 'USD', ...input }),
    );
  for (const input of [
    { rate: '1.5' },
    { rate: '-0.1' },
    { capPerDeal: '-1.00' },
    { capPerPeriod: '-0.01' },
    { currency: 'EURO' },
  ]) {
    await expect(plan(input)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  }
  expect(await prm.dataSource.getRepository(CommissionPlan).countBy({ tier: PartnerTier.SILVER })).toBe(0);
});

test("a deal's commission breakdown pays the SOURCED share to the primary only, and each other role its share", async () => {
  const ids = await Promise.all(
    ['Primary', 'Co-sourcer', 'Reseller'].map((name) =>
      seedPartner({ prm: prm.dataSource }, { name: `Breakdown ${name}`, tier: 'PLATINUM' }),
    ),
  );
  const [primary, cosourcer, reseller] = ids;
  await prm.as(CHANNEL, (ctx) =>
    setCommissionPlan(ctx, {
      tier: PartnerTier.PLATINUM,
      rate: '0.1',
      currency: 'EUR',
      roleShares: [
        { role: DealPartnerRole.SOURCED, share: '0.7' },
        { role: DealPartnerRole.RESELLER, share: '0.3' },
      ],
    }),
  );
  const dealId = '00000000-0000-4000-8000-00000000b001';
  await prm.dataSource.getRepository(DealAttribution).save({ dealId, partnerId: primary, createdBy: 'test' });
  await prm.dataSource.getRepository(DealPartnerAttribution).save([
    { dealId, partnerId: cosourcer, role: DealPartnerRole.SOURCED, createdBy: 'test' },
    { dealId, partnerId: reseller, role: DealPartnerRole.RESELLER, createdBy: 'test' },
  ]);
  const lines = await prm.as(ADMIN, (ctx) =>
    dealCommissionBreakdown(ctx, {
      id: dealId,
      stage: DealStage.CLOSED_WON,
      amount: '1000.05',
      currency: 'EUR',
    }),
  );
  // 1000.05 × 0.1 = 100.005: × 0.7 = 70.0035 → 70.00; × 0.3 = 30.0015 → 30.00.
  expect(lines.map((line) => [line.partner.id, line.role, line.primary, line.share, line.amount])).toEqual([
    [primary, 'SOURCED', true, '0.7000', '70.00'],
    [reseller, 'RESELLER', false, '0.3000', '30.00'],
  ]);
});
