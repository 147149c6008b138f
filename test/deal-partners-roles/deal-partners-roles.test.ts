import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '@sales-graph/shared/auth/identity';
import type { OutboxDispatcher } from '@sales-graph/shared/outbox/outbox';
import { httpCrmClient, type CrmClient } from '../../subgraphs/partners/src/crm';
import {
  attributionDispatcher,
  reconcileAttributionProjection,
} from '../../subgraphs/partners/src/attribution/attribution-projection';
import { reconcileDealChannels } from '../../subgraphs/customers/src/partner-deals/deal-channel';
import { webhookDispatcher } from '../../subgraphs/partners/src/webhooks';
import {
  addDealPartners,
  as,
  client,
  codes,
  createCustomer,
  createDeal,
  expectCode,
  partnerUser,
  postGraphQL,
  REMOVE_DEAL_PARTNER,
  SET_PRIMARY_DEAL_PARTNER,
  seedPartner,
  startTestGraph,
  tryAddDealPartner,
  type Data,
  type TestGraph,
} from '../support';
import { Receiver } from '../webhooks/receiver';
import { drainEndpoint, registerEndpoint } from '../webhooks/support';

/**
 * A deal with several partners in roles (README "Deal partners"): a channel manager puts a
 * sourcing partner (the primary, `sourcedBy`), a reseller, a distributor and a services partner on
 * one deal; the reseller and the distributor each have another deal the other is not on. Each
 * partner sees exactly the deals it is itself party to, by id, in lists, nested under the
 * customer, through `_entities`, in analytics, in the change feed and in its webhooks, and of a
 * shared deal only its own part. Changing the primary moves the CRM's channel partner in order
 * (projection drift 0), and commissions split by role. Rounds are driven with an injected clock.
 */
let graph: TestGraph;
let crm: CrmClient;
let projection: OutboxDispatcher;
const CM = as.channelManager;
const { ok } = client(() => graph, CM);

const id: Record<string, string> = {};
const user: Record<string, Identity> = {};

const PARTNERS = `query($d: ID!) { deal(id: $d) { id sourcedBy { name } partners { role primary partner { id name } } } }`;
const DEAL_IDS = `{ deals(first: 100) { totalCount edges { node { id } } } }`;

const drainProjection = async () => {
  for (let round = 0; round < 50; round++)
    if ((await projection.dispatchOnce(new Date())).claimed === 0) return;
  throw new Error('the attribution outbox did not drain');
};

const visibleDeals = async (identity: Identity) =>
  new Set(((await ok(DEAL_IDS, {}, identity)).deals.edges as Data[]).map((edge) => edge.node.id as string));

const partyRows = async () =>
  Number(
    (
      await graph.prm.query(
        `SELECT (SELECT count(*) FROM prm.deal_partner_attributions) + (SELECT count(*) FROM prm.deal_attributions) AS n`,
      )
    )[0].n,
  );

beforeAll(async () => {
  process.env.OUTBOX_POLL_MS = '0';
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
  crm = httpCrmClient(() => graph.customers.url);
  projection = attributionDispatcher(graph.prm, crm, { pollMs: 0, random: () => 0.5 });
  id.sourcer = await seedPartner(graph, { name: 'Sourcing Partner', type: 'REFERRAL', tier: 'GOLD' });
  id.cosourcer = await seedPartner(graph, { name: 'Co-sourcing Partner', type: 'REFERRAL', tier: 'GOLD' });
  id.reseller = await seedPartner(graph, { name: 'Reseller Partner', type: 'RESELLER', tier: 'SILVER' });
  id.distributor = await seedPartner(graph, {
    name: 'Distributor Partner',
    type: 'DISTRIBUTOR',
    tier: 'GOLD',
  });
  id.services = await seedPartner(graph, { name: 'Services Partner', type: 'MSP', tier: 'GOLD' });
  id.outsider = await seedPartner(graph, { name: 'Outsider Partner', type: 'RESELLER', tier: 'GOLD' });
  id.suspended = await seedPartner(graph, { name: 'Suspended Partner', status: 'SUSPENDED' });
  for (const key of ['reseller', 'distributor', 'outsider']) user[key] = await partnerUser(graph, id[key]);
  const customer = await createCustomer(graph, { name: 'Shared Customer Co' });
  id.customer = customer.id;
  const deal = async (title: string, amount: string) =>
    (await createDeal(graph, { customerId: customer.id, title, amount, currency: 'EUR' })).id;
  id.shared = await deal('Shared deal', '333.30');
  id.resellerOnly = await deal('Reseller-only deal', '200.00');
  id.distributorOnly = await deal('Distributor-only deal', '30.00');
  id.direct = await deal('Direct deal', '4.00');
});

afterAll(async () => {
  delete process.env.WEBHOOK_ALLOWED_HOSTS;
  await graph?.stop();
});

describe('a channel manager puts partners on a deal in roles', () => {
  it('refuses what the rules do not allow, with typed errors and nothing written', async () => {
    const before = await partyRows();
    // A deal's first partner is its SOURCED primary.
    expectCode(await tryAddDealPartner(graph, id.shared, id.reseller, 'RESELLER'), 'CONFLICT');
    expectCode(await tryAddDealPartner(graph, id.shared, id.suspended, 'SOURCED'), 'BAD_USER_INPUT');
    expectCode(
      await tryAddDealPartner(graph, id.shared, '00000000-0000-4000-8000-000000000000', 'SOURCED'),
      'NOT_FOUND',
    );
    expectCode(
      await tryAddDealPartner(graph, '00000000-0000-4000-8000-000000000000', id.sourcer, 'SOURCED'),
      'NOT_FOUND',
    );
    expectCode(await tryAddDealPartner(graph, id.shared, id.sourcer, 'SOURCED', as.sales), 'FORBIDDEN');
    expectCode(await tryAddDealPartner(graph, id.shared, id.reseller, 'SOURCED', user.reseller), 'FORBIDDEN');
    expect(await partyRows()).toBe(before);
  });

  it('shows every partner of the deal in its role, the primary (sourcedBy) first', async () => {
    await addDealPartners(graph, id.shared, [
      [id.sourcer, 'SOURCED'],
      [id.reseller, 'RESELLER'],
      [id.distributor, 'DISTRIBUTOR'],
      [id.services, 'SERVICES'],
    ]);
    await addDealPartners(graph, id.resellerOnly, [
      [id.sourcer, 'SOURCED'],
      [id.reseller, 'RESELLER'],
    ]);
    await addDealPartners(graph, id.distributorOnly, [
      [id.sourcer, 'SOURCED'],
      [id.distributor, 'DISTRIBUTOR'],
    ]);
    // The same role twice, and a partner whose role is already taken by itself: refused.
    expectCode(await tryAddDealPartner(graph, id.shared, id.reseller, 'RESELLER'), 'CONFLICT');
    expectCode(await tryAddDealPartner(graph, id.shared, id.sourcer, 'SOURCED'), 'CONFLICT');

    const { deal } = await ok(PARTNERS, { d: id.shared }, as.sales);
    expect(deal.sourcedBy).toEqual({ name: 'Sourcing Partner' });
    expect(deal.partners).toEqual([
      { role: 'SOURCED', primary: true, partner: { id: id.sourcer, name: 'Sourcing Partner' } },
      { role: 'RESELLER', primary: false, partner: { id: id.reseller, name: 'Reseller Partner' } },
      { role: 'DISTRIBUTOR', primary: false, partner: { id: id.distributor, name: 'Distributor Partner' } },
      { role: 'SERVICES', primary: false, partner: { id: id.services, name: 'Services Partner' } },
    ]);
    const direct = await ok(PARTNERS, { d: id.direct });
    expect(direct.deal).toMatchObject({ sourcedBy: null, partners: [] });

    const byRole = await ok(
      `query($p: ID!) { partner(id: $p) { distributing: deals(role: DISTRIBUTOR) { totalCount edges { node { id } } }
         reselling: deals(role: RESELLER) { totalCount } sourced: deals { totalCount } } }`,
      { p: id.distributor },
    );
    expect(new Set(byRole.partner.distributing.edges.map((edge: Data) => edge.node.id))).toEqual(
      new Set([id.shared, id.distributorOnly]),
    );
    expect(byRole.partner).toMatchObject({ reselling: { totalCount: 0 }, sourced: { totalCount: 0 } });
  });
});

describe('what each partner sees', () => {
  it('a distributor sees exactly the deals it is party to, not the other deals of its reseller', async () => {
    expect(await visibleDeals(user.distributor)).toEqual(new Set([id.shared, id.distributorOnly]));
    expect(await visibleDeals(user.reseller)).toEqual(new Set([id.shared, id.resellerOnly]));
    expect(await visibleDeals(user.outsider)).toEqual(new Set());

    for (const [who, dealId] of [
      ['distributor', id.resellerOnly],
      ['reseller', id.distributorOnly],
      ['outsider', id.shared],
      ['distributor', id.direct],
    ]) {
      const response = await graph.query(
        `query($d: ID!) { deal(id: $d) { id amount } }`,
        { d: dealId },
        user[who],
      );
      expect(response.data).toEqual({ deal: null });
      expect(codes(response)).toEqual(['NOT_FOUND']);
    }
    // Nested under the customer (read by name only): the same deals, never the others.
    const nested = await ok(
      `query($c: ID!) { customer(id: $c) { name deals(first: 50) { totalCount edges { node { id } } } } }`,
      { c: id.customer },
      user.distributor,
    );
    expect(nested.customer.deals.totalCount).toBe(2);
    expect(new Set(nested.customer.deals.edges.map((edge: Data) => edge.node.id))).toEqual(
      new Set([id.shared, id.distributorOnly]),
    );
  });

  it('of a shared deal a partner sees only its own part, not who the other parties are', async () => {
    const { deal } = await ok(PARTNERS, { d: id.shared }, user.distributor);
    expect(deal.partners).toEqual([
      { role: 'DISTRIBUTOR', primary: false, partner: { id: id.distributor, name: 'Distributor Partner' } },
    ]);
    expect(deal.sourcedBy).toBeNull();
    const text = JSON.stringify(await ok(PARTNERS, { d: id.shared }, user.reseller));
    for (const name of ['Sourcing Partner', 'Distributor Partner', 'Services Partner'])
      expect(text).not.toContain(name);
    const probe = await graph.query(
      `query($p: ID!) { partner(id: $p) { name } }`,
      { p: id.reseller },
      user.distributor,
    );
    expect(codes(probe)).toEqual(['NOT_FOUND']);
    // Listing a co-party's deals by role shows nothing of theirs.
    const theirs = await ok(
      `query($p: ID!) { partner(id: $p) { deals(role: RESELLER) { totalCount } } }`,
      { p: id.distributor },
      user.distributor,
    );
    expect(theirs.partner.deals.totalCount).toBe(0);
    // Nor can a partner change the parties.
    for (const [query, variables] of [
      [REMOVE_DEAL_PARTNER, { d: id.shared, p: id.reseller, r: 'RESELLER' }],
      [SET_PRIMARY_DEAL_PARTNER, { d: id.shared, p: id.distributor }],
    ] as const) {
      expectCode(await graph.query(query, variables, user.distributor), 'FORBIDDEN');
    }
  });

  it('each subgraph withholds a deal it is not party to from _entities', async () => {
    const headers = async (subgraph: 'customers' | 'partners') => ({
      [IDENTITY_HEADER]: await signForwardedIdentity(user.distributor, subgraph),
    });
    const crmAnswer = await postGraphQL(
      graph.customers.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Deal { id title } } }`,
      { r: [id.shared, id.resellerOnly].map((dealId) => ({ __typename: 'Deal', id: dealId })) },
      await headers('customers'),
    );
    expect(crmAnswer.data).toEqual({ _entities: [{ id: id.shared, title: 'Shared deal' }, null] });
    const prmAnswer = await postGraphQL(
      graph.partners.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Deal { partners { role partner { name } } } } }`,
      { r: [id.shared, id.resellerOnly].map((dealId) => ({ __typename: 'Deal', id: dealId })) },
      await headers('partners'),
    );
    expect(prmAnswer.data).toEqual({
      _entities: [
        { partners: [{ role: 'DISTRIBUTOR', partner: { name: 'Distributor Partner' } }] },
        { partners: [] },
      ],
    });
  });

  it('analytics and the change feed count only the deals it is party to', async () => {
    const analytics = await ok(
      `{ salesAnalytics(groupBy: []) { totals { currency dealCount amount } } }`,
      {},
      user.distributor,
    );
    expect(analytics.salesAnalytics.totals).toEqual([{ currency: 'EUR', dealCount: 2, amount: '363.30' }]);
    const feed = await ok(
      `{ crmChanges(types: [DEAL], first: 500) { edges { node { id } } } }`,
      {},
      user.distributor,
    );
    expect(new Set(feed.crmChanges.edges.map((edge: Data) => edge.node.id))).toEqual(
      new Set([id.shared, id.distributorOnly]),
    );
  });

  it("a co-party's webhook gets the shared deal; a non-party's does not", async () => {
    const receivers = { distributor: new Receiver(), outsider: new Receiver() };
    let clock = Date.UTC(2030, 0, 1);
    const tick = () => new Date((clock += 60_000));
    try {
      const dispatcher = webhookDispatcher(graph.prm, { pollMs: 0, allowedHosts: ['127.0.0.1'], crm });
      const endpoints: Record<string, string> = {};
      for (const [who, receiver] of Object.entries(receivers)) {
        await receiver.up();
        endpoints[who] = await registerEndpoint(graph, receiver, ['crm.DEAL.*'], user[who]);
      }
      for (const dealId of [id.shared, id.resellerOnly, id.direct]) {
        await graph.crm.query(`UPDATE crm.deals SET next_step = 'Call the distributor' WHERE id = $1`, [
          dealId,
        ]);
      }
      for (const who of Object.keys(receivers)) await drainEndpoint(graph, dispatcher, endpoints[who], tick);
      expect(new Set(receivers.distributor.accepted().map((r) => r.payload.data.id))).toEqual(
        new Set([id.shared]),
      );
      expect(receivers.outsider.accepted()).toEqual([]);
    } finally {
      for (const receiver of Object.values(receivers)) await receiver.down();
    }
  });
});

describe('the primary partner', () => {
  it('moves with setPrimaryDealPartner; the CRM channel follows in order (drift 0)', async () => {
    await drainProjection();
    const channel = async () =>
      (
        await graph.crm.query(
          `SELECT channel, channel_partner_id::text AS partner FROM crm.deals WHERE id = $1`,
          [id.shared],
        )
      )[0];
    expect(await channel()).toEqual({ channel: 'PARTNER_SOURCED', partner: id.sourcer });

    // Only a SOURCED partner of the deal can be primary; the primary is removed last.
    expectCode(
      await graph.query(SET_PRIMARY_DEAL_PARTNER, { d: id.shared, p: id.reseller }, CM),
      'BAD_USER_INPUT',
    );
    expectCode(
      await graph.query(REMOVE_DEAL_PARTNER, { d: id.shared, p: id.sourcer, r: 'SOURCED' }, CM),
      'CONFLICT',
    );
    expectCode(
      await graph.query(
        `mutation($d: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: null }) { id } }`,
        { d: id.shared },
        CM,
      ),
      'CONFLICT',
    );

    await addDealPartners(graph, id.shared, [[id.cosourcer, 'SOURCED']]);
    await ok(SET_PRIMARY_DEAL_PARTNER, { d: id.shared, p: id.cosourcer });
    // Asking again answers the deal as it is.
    await ok(SET_PRIMARY_DEAL_PARTNER, { d: id.shared, p: id.cosourcer });
    const { deal } = await ok(PARTNERS, { d: id.shared });
    expect(deal.sourcedBy).toEqual({ name: 'Co-sourcing Partner' });
    expect(deal.partners.map((part: Data) => [part.partner.name, part.role, part.primary])).toEqual([
      ['Co-sourcing Partner', 'SOURCED', true],
      ['Sourcing Partner', 'SOURCED', false],
      ['Reseller Partner', 'RESELLER', false],
      ['Distributor Partner', 'DISTRIBUTOR', false],
      ['Services Partner', 'SERVICES', false],
    ]);
    // One projection message for the change of primary (the other parts are not projected).
    const pending = await graph.prm.query(
      `SELECT payload FROM prm.attribution_outbox WHERE delivered_at IS NULL ORDER BY created_at, id`,
    );
    expect(pending.map((row: Data) => row.payload.changes)).toEqual([
      [{ recordId: id.shared, role: 'SOURCED', partnerId: id.cosourcer }],
    ]);
    await drainProjection();
    expect(await channel()).toEqual({ channel: 'PARTNER_SOURCED', partner: id.cosourcer });
    expect(await reconcileAttributionProjection(graph.prm, crm)).toMatchObject({ drift: 0 });
    expect(await reconcileDealChannels(graph.crm)).toMatchObject({ drift: 0 });

    // The former primary, now a SOURCED co-party, still sees the deal; removing it leaves the rest.
    const former = await partnerUser(graph, id.sourcer);
    expect(await visibleDeals(former)).toEqual(new Set([id.shared, id.resellerOnly, id.distributorOnly]));
    await ok(REMOVE_DEAL_PARTNER, { d: id.shared, p: id.sourcer, r: 'SOURCED' });
    expect(await visibleDeals(former)).toEqual(new Set([id.resellerOnly, id.distributorOnly]));
  });
});

describe('commissions split by role', () => {
  const PLAN = `mutation($t: PartnerTier!, $s: [CommissionRoleShareInput!]) {
    setCommissionPlan(input: { tier: $t, rate: "0.10", currency: "EUR", roleShares: $s }) { tier roleShares { role share } } }`;
  const BREAKDOWN = `query($d: ID!) { deal(id: $d) { commission { partner { name } role share amount }
    commissionBreakdown { partner { name } role primary share amount capped } } }`;

  it('refuses a split over 100 % or naming a role twice', async () => {
    for (const shares of [
      [
        { role: 'SOURCED', share: '0.6' },
        { role: 'RESELLER', share: '0.4001' },
      ],
      [
        { role: 'SOURCED', share: '0.5' },
        { role: 'SOURCED', share: '0.1' },
      ],
      [{ role: 'SOURCED', share: '1.5' }],
      [{ role: 'SOURCED', share: '-0.1' }],
    ]) {
      expectCode(await graph.query(PLAN, { t: 'GOLD', s: shares }, CM), 'BAD_USER_INPUT');
    }
  });

  it("pays each party its role's share of its own tier's plan, exactly, half to even", async () => {
    // Without a split a plan pays the primary sourcing partner it all, as before.
    const silver = await ok(PLAN, { t: 'SILVER', s: null });
    expect(silver.setCommissionPlan.roleShares).toEqual([
      { role: 'SOURCED', share: '1.0000' },
      { role: 'RESELLER', share: '0.0000' },
      { role: 'DISTRIBUTOR', share: '0.0000' },
      { role: 'INFLUENCER', share: '0.0000' },
      { role: 'SERVICES', share: '0.0000' },
    ]);
    await ok(PLAN, {
      t: 'GOLD',
      s: [
        { role: 'SOURCED', share: '0.5' },
        { role: 'DISTRIBUTOR', share: '0.25' },
        { role: 'SERVICES', share: '0.15' },
        { role: 'RESELLER', share: '0.1' },
      ],
    });
    await ok(
      `mutation($d: ID!) { moveDealStage(id: $d, stage: CLOSED_WON) { id } }`,
      { d: id.shared },
      as.sales,
    );
    const { deal } = await ok(BREAKDOWN, { d: id.shared }, as.analyst);
    // 333.30 × 0.10 = 33.33: SOURCED (GOLD) half of it, 16.665 → 16.66 (half to even); the
    // reseller is SILVER, whose plan pays resellers nothing (no line).
    expect(deal.commission).toEqual({
      partner: { name: 'Co-sourcing Partner' },
      role: 'SOURCED',
      share: '0.5000',
      amount: '16.66',
    });
    expect(deal.commissionBreakdown).toEqual([
      {
        partner: { name: 'Co-sourcing Partner' },
        role: 'SOURCED',
        primary: true,
        share: '0.5000',
        amount: '16.66',
        capped: false,
      },
      {
        partner: { name: 'Reseller Partner' },
        role: 'RESELLER',
        primary: false,
        share: '0.0000',
        amount: '0.00',
        capped: false,
      },
      {
        partner: { name: 'Distributor Partner' },
        role: 'DISTRIBUTOR',
        primary: false,
        share: '0.2500',
        amount: '8.33',
        capped: false,
      },
      {
        partner: { name: 'Services Partner' },
        role: 'SERVICES',
        primary: false,
        share: '0.1500',
        amount: '5.00',
        capped: false,
      },
    ]);
    // A partner sees its own line only.
    const own = await ok(BREAKDOWN, { d: id.shared }, user.distributor);
    expect(own.deal.commissionBreakdown).toEqual([
      {
        partner: { name: 'Distributor Partner' },
        role: 'DISTRIBUTOR',
        primary: false,
        share: '0.2500',
        amount: '8.33',
        capped: false,
      },
    ]);
    expect(own.deal.commission).toBeNull();
  });

  it("puts each party's part on its own statement, and a role its plan does not pay on none", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const STATEMENT = `query($p: ID!, $period: PeriodInput!) { partner(id: $p) {
      commissionStatement(period: $period) { total lines { deal { id } role commission } } } }`;
    const statement = async (partnerId: string, identity: Identity) =>
      (await ok(STATEMENT, { p: partnerId, period: { from: today, to: today } }, identity)).partner
        .commissionStatement;
    expect(await statement(id.distributor, user.distributor)).toEqual({
      total: '8.33',
      lines: [{ deal: { id: id.shared }, role: 'DISTRIBUTOR', commission: '8.33' }],
    });
    expect(await statement(id.cosourcer, CM)).toEqual({
      total: '16.66',
      lines: [{ deal: { id: id.shared }, role: 'SOURCED', commission: '16.66' }],
    });
    expect(await statement(id.reseller, user.reseller)).toEqual({ total: '0.00', lines: [] });
  });
});
