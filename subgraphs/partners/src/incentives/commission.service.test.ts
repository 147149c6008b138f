import type { Identity } from '@sales-graph/shared/auth/identity';
import { AuditEntry } from '@sales-graph/shared/audit/audit.entity';
import { partnerUserRow, seedPartner } from '../../../../test/support/fixtures';
import { serviceTest, type ServiceTest } from '../../../../test/support/service';
import { DealAttribution, DealPartnerAttribution, DealPartnerRole } from '../attribution';
import type { PartnersContext } from '../context.type';
import { DealStage } from '@sales-graph/shared/deal-stage';
import type { CrmClient, CrmDeal } from '../crm';
import { getPartner, PartnerTier } from '../partners';
import { CommissionPlan } from './commission.entity';
import {
  commissionStatement,
  dealCommissionBreakdown,
  dealCommissionOf,
  setCommissionPlan,
} from './commission.service';

/**
 * Commission plans against a real PRM database, without the gateway. The CRM is not started: it
 * answers as a stand-in the catalogue's families and the facts of the deals in `crmDeals` (with
 * their line items), and counts its calls.
 */
let prm: ServiceTest<PartnersContext>;
const CHANNEL: Identity = { sub: 'user:channel-1', role: 'CHANNEL_MANAGER' };
const ADMIN: Identity = { sub: 'user:admin', role: 'ADMIN' };
const crmDeals = new Map<string, CrmDeal>();
const crmCalls: string[] = [];
const crm = {
  async catalogueFamilies() {
    crmCalls.push('catalogueFamilies');
    return ['Platform', 'Services', 'Support'];
  },
  async dealFacts(
    dealIds: readonly string[],
    _leadIds: readonly string[],
    options?: { lineItems?: boolean },
  ) {
    crmCalls.push(`dealFacts(${dealIds.length})`);
    const deals = new Map<string, CrmDeal>();
    for (const id of dealIds) {
      const deal = crmDeals.get(id);
      if (deal) deals.set(id, options?.lineItems ? deal : { ...deal, lineItems: undefined });
    }
    return { deals, leadDeals: new Map() };
  },
} as unknown as CrmClient;

beforeAll(async () => {
  prm = await serviceTest('partners', { client: crm });
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

test('family rates are checked against the CRM catalogue in one call, stored in its spelling, audited', async () => {
  crmCalls.length = 0;
  const set = (familyRates: { family: string; rate: string }[] | undefined, as = CHANNEL) =>
    prm.as(as, (ctx) =>
      setCommissionPlan(ctx, { tier: PartnerTier.REGISTERED, rate: '0.03', currency: 'EUR', familyRates }),
    );
  const plan = await set([
    { family: 'services', rate: '0.05' },
    { family: 'Platform', rate: '0.02' },
  ]);
  expect(crmCalls).toEqual(['catalogueFamilies']);
  const stored = await prm.dataSource.getRepository(CommissionPlan).findOneByOrFail({ id: plan.id });
  expect(stored.familyRates).toEqual({ Services: '0.0500', Platform: '0.0200' });
  const audit = await prm.dataSource
    .getRepository(AuditEntry)
    .findBy({ recordType: 'CommissionPlan', recordId: plan.id });
  expect(audit.map((entry) => entry.action)).toEqual(['CREATE']);

  // Unknown family, a family twice, a bad rate: BAD_USER_INPUT naming familyRates, the plan unchanged.
  for (const rates of [
    [{ family: 'Hardware', rate: '0.02' }],
    [
      { family: 'Services', rate: '0.05' },
      { family: 'SERVICES', rate: '0.04' },
    ],
    [{ family: 'Services', rate: '1.5' }],
  ]) {
    await expect(set(rates)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'familyRates' },
    });
  }
  expect(
    (await prm.dataSource.getRepository(CommissionPlan).findOneByOrFail({ id: plan.id })).familyRates,
  ).toEqual({ Services: '0.0500', Platform: '0.0200' });

  // Set again without them (the plan is replaced as a whole): none, audited as an update, no CRM call.
  crmCalls.length = 0;
  await set(undefined, ADMIN);
  expect(crmCalls).toEqual([]);
  expect(
    (await prm.dataSource.getRepository(CommissionPlan).findOneByOrFail({ id: plan.id })).familyRates,
  ).toBeNull();
  const updates = await prm.dataSource
    .getRepository(AuditEntry)
    .findBy({ recordType: 'CommissionPlan', recordId: plan.id, action: 'UPDATE' as AuditEntry['action'] });
  expect(updates.map((entry) => [entry.before?.familyRates, entry.after?.familyRates])).toContainEqual([
    { Services: '0.0500', Platform: '0.0200' },
    null,
  ]);
});

test("a priced deal earns per family × role share; the statement reads every deal's lines in one CRM call", async () => {
  const [primary, reseller] = await Promise.all(
    ['Primary', 'Reseller'].map((name) =>
      seedPartner({ prm: prm.dataSource }, { name: `Family ${name}`, tier: 'SILVER' }),
    ),
  );
  await prm.as(CHANNEL, (ctx) =>
    setCommissionPlan(ctx, {
      tier: PartnerTier.SILVER,
      rate: '0.1',
      currency: 'EUR',
      roleShares: [
        { role: DealPartnerRole.SOURCED, share: '0.6' },
        { role: DealPartnerRole.RESELLER, share: '0.3' },
      ],
      familyRates: [
        { family: 'Services', rate: '0.05' },
        { family: 'Platform', rate: '0.02' },
      ],
    }),
  );
  const closedAt = '2026-02-10T12:00:00.000Z';
  const won = (id: string, amount: string, lineItems: CrmDeal['lineItems']): CrmDeal => ({
    id,
    amount,
    currency: 'EUR',
    stage: DealStage.CLOSED_WON,
    closedAt,
    createdAt: '2026-01-05T00:00:00.000Z',
    lineItems,
  });
  const priced = '00000000-0000-4000-8000-00000000f001';
  const byHand = '00000000-0000-4000-8000-00000000f002';
  crmDeals.set(
    priced,
    won(priced, '444.41', [
      { total: '333.30', product: { family: 'Services' } },
      { total: '111.11', product: { family: 'Platform' } },
    ]),
  );
  crmDeals.set(byHand, won(byHand, '1000.05', []));
  // Ten more priced deals: the statement still makes one CRM call.
  const more = Array.from(
    { length: 10 },
    (_, i) => `00000000-0000-4000-8000-0000000f1${String(i).padStart(3, '0')}`,
  );
  for (const id of more)
    crmDeals.set(id, won(id, '100.00', [{ total: '100.00', product: { family: 'Support' } }]));
  await prm.dataSource
    .getRepository(DealAttribution)
    .save([priced, byHand, ...more].map((dealId) => ({ dealId, partnerId: primary, createdBy: 'test' })));
  await prm.dataSource
    .getRepository(DealPartnerAttribution)
    .save({ dealId: priced, partnerId: reseller, role: DealPartnerRole.RESELLER, createdBy: 'test' });

  const ref = (id: string) => ({
    id,
    stage: DealStage.CLOSED_WON,
    amount: crmDeals.get(id)!.amount,
    currency: 'EUR',
  });
  crmCalls.length = 0;
  const [breakdown, handBreakdown] = await prm.as(ADMIN, (ctx) =>
    Promise.all([dealCommissionBreakdown(ctx, ref(priced)), dealCommissionBreakdown(ctx, ref(byHand))]),
  );
  // Both deals' lines in one call.
  expect(crmCalls).toEqual(['dealFacts(2)']);
  // SOURCED 0.6: 333.30 × 0.05 × 0.6 = 9.999, 111.11 × 0.02 × 0.6 = 1.33332: 11.33232 → 11.33.
  // RESELLER 0.3: 4.9995 + 0.66666 = 5.66616 → 5.67.
  expect(breakdown.map((line) => [line.partner.id, line.role, line.amount, line.byFamily])).toEqual([
    [
      primary,
      'SOURCED',
      '11.33',
      [
        { family: 'Platform', amount: '111.11', rate: '0.0200', commission: '1.33' },
        { family: 'Services', amount: '333.30', rate: '0.0500', commission: '10.00' },
      ],
    ],
    [
      reseller,
      'RESELLER',
      '5.67',
      [
        { family: 'Platform', amount: '111.11', rate: '0.0200', commission: '0.67' },
        { family: 'Services', amount: '333.30', rate: '0.0500', commission: '5.00' },
      ],
    ],
  ]);
  // A deal priced by hand: amount × tier rate × share, as before (1000.05 × 0.1 × 0.6 = 60.003 → 60.00).
  expect(handBreakdown.map((line) => [line.role, line.amount, line.byFamily])).toEqual([
    ['SOURCED', '60.00', []],
  ]);
  expect((await prm.as(ADMIN, (ctx) => dealCommissionOf(ctx, ref(priced))))?.amount).toBe('11.33');

  crmCalls.length = 0;
  const statement = await prm.as(ADMIN, async (ctx) =>
    commissionStatement(ctx, await getPartner(ctx, primary), { from: '2026-01-01', to: '2026-03-31' }),
  );
  expect(crmCalls).toEqual(['dealFacts(12)']);
  const lineOf = (id: string) => statement.lines.find((line) => line.deal.id === id)!;
  expect(lineOf(priced)).toMatchObject({ commission: '11.33', dealAmount: '444.41' });
  expect(lineOf(priced).byFamily.map((part) => part.commission)).toEqual(['1.33', '10.00']);
  expect(lineOf(byHand)).toMatchObject({ commission: '60.00', byFamily: [] });
  // Support has no family rate: 100.00 × 0.10 × 0.6 = 6.00 each.
  expect(lineOf(more[0]).byFamily).toEqual([
    { family: 'Support', amount: '100.00', rate: '0.1000', commission: '6.00' },
  ]);
  expect(statement.subtotal).toBe('131.33');
});

test("a deal's commission asked with its partner's statement reads the CRM once; a partner user gets only its own deals' commission", async () => {
  const [alpha, beta] = await Promise.all(
    ['Alpha', 'Beta'].map((name) =>
      seedPartner({ prm: prm.dataSource }, { name: `One Call ${name}`, tier: 'GOLD' }),
    ),
  );
  await prm.as(CHANNEL, (ctx) =>
    setCommissionPlan(ctx, {
      tier: PartnerTier.GOLD,
      rate: '0.1',
      currency: 'EUR',
      familyRates: [{ family: 'Services', rate: '0.05' }],
    }),
  );
  const won = (id: string, amount: string, lineItems: CrmDeal['lineItems']): CrmDeal => ({
    id,
    amount,
    currency: 'EUR',
    stage: DealStage.CLOSED_WON,
    closedAt: '2026-05-10T12:00:00.000Z',
    createdAt: '2026-04-01T00:00:00.000Z',
    lineItems,
  });
  const alphaDeal = '00000000-0000-4000-8000-00000000c001';
  const alphaByHand = '00000000-0000-4000-8000-00000000c002';
  const betaDeal = '00000000-0000-4000-8000-00000000c003';
  crmDeals.set(
    alphaDeal,
    won(alphaDeal, '300.00', [
      { total: '200.00', product: { family: 'Services' } },
      { total: '100.00', product: { family: 'Platform' } },
    ]),
  );
  crmDeals.set(alphaByHand, won(alphaByHand, '50.00', []));
  crmDeals.set(betaDeal, won(betaDeal, '400.00', []));
  await prm.dataSource.getRepository(DealAttribution).save([
    { dealId: alphaDeal, partnerId: alpha, createdBy: 'test' },
    { dealId: alphaByHand, partnerId: alpha, createdBy: 'test' },
    { dealId: betaDeal, partnerId: beta, createdBy: 'test' },
  ]);
  const ref = (id: string) => ({
    id,
    stage: DealStage.CLOSED_WON,
    amount: crmDeals.get(id)!.amount,
    currency: 'EUR',
  });
  // 200.00 × 0.05 + 100.00 × 0.10 (no family rate) = 20.00.
  const ALPHA_PARTS = [
    { family: 'Platform', amount: '100.00', rate: '0.1000', commission: '10.00' },
    { family: 'Services', amount: '200.00', rate: '0.0500', commission: '10.00' },
  ];

  // Alone, a deal's commission asks the CRM for that deal's lines only.
  crmCalls.length = 0;
  expect((await prm.as(ADMIN, (ctx) => dealCommissionOf(ctx, ref(alphaDeal))))?.amount).toBe('20.00');
  expect(crmCalls).toEqual(['dealFacts(1)']);
  // `Deal { commission sourcedBy { commissionStatement } }`: one PRM request, one CRM call (the
  // statement's, whose facts carry the deal's lines).
  crmCalls.length = 0;
  const [commission, statement] = await prm.as(ADMIN, (ctx) =>
    Promise.all([
      dealCommissionOf(ctx, ref(alphaDeal)),
      getPartner(ctx, alpha).then((partner) =>
        commissionStatement(ctx, partner, { from: '2026-05-01', to: '2026-05-31' }),
      ),
    ]),
  );
  expect(crmCalls).toEqual(['dealFacts(2)']);
  expect(commission).toMatchObject({ amount: '20.00', byFamily: ALPHA_PARTS });
  expect(statement.lines.map((line) => [line.deal.id, line.commission])).toEqual([
    [alphaDeal, '20.00'],
    [alphaByHand, '5.00'],
  ]);

  // The scope as before: a partner user gets its own deals' commission, null for another's.
  const alphaUser = await partnerUserRow({ prm: prm.dataSource }, alpha);
  const betaUser = await partnerUserRow({ prm: prm.dataSource }, beta);
  expect(await prm.as(alphaUser, (ctx) => dealCommissionOf(ctx, ref(alphaDeal)))).toMatchObject({
    partner: { id: alpha },
    amount: '20.00',
    byFamily: ALPHA_PARTS,
  });
  expect(await prm.as(betaUser, (ctx) => dealCommissionOf(ctx, ref(alphaDeal)))).toBeNull();
  expect(await prm.as(betaUser, (ctx) => dealCommissionBreakdown(ctx, ref(alphaDeal)))).toEqual([]);
  expect(await prm.as(alphaUser, (ctx) => dealCommissionOf(ctx, ref(betaDeal)))).toBeNull();
  expect((await prm.as(betaUser, (ctx) => dealCommissionOf(ctx, ref(betaDeal))))?.amount).toBe('40.00');
  // And so with the statement read in the same request: its own deal's lines from its facts, another's nothing.
  const withStatement = (user: typeof alphaUser, partnerId: string, dealId: string) =>
    prm.as(user, (ctx) =>
      Promise.all([
        dealCommissionOf(ctx, ref(dealId)),
        getPartner(ctx, partnerId).then((partner) =>
          commissionStatement(ctx, partner, { from: '2026-05-01', to: '2026-05-31' }),
        ),
      ]),
    );
  crmCalls.length = 0;
  const [own] = await withStatement(alphaUser, alpha, alphaDeal);
  expect(own).toMatchObject({ partner: { id: alpha }, amount: '20.00', byFamily: ALPHA_PARTS });
  expect(crmCalls).toEqual(['dealFacts(2)']);
  const [others, betaStatement] = await withStatement(betaUser, beta, alphaDeal);
  expect(others).toBeNull();
  expect(betaStatement.lines.map((line) => line.deal.id)).toEqual([betaDeal]);
});
