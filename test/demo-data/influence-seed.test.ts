import { seedAll } from '../../scripts/environment';
import { as, client, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * Campaign influence in the demo data, as the playground shows it on first start: campaigns
 * touched the leads and contacts of won and open deals before they closed, and MDF requests fund
 * campaigns (the approved ones confirmed), with a return.
 */
let graph: TestGraph;
const { ok } = client(() => graph, as.analyst);

beforeAll(async () => {
  // No background outbox round: the deals of approved registrations would land between reads.
  process.env.OUTBOX_POLL_MS = '0';
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
  expect(
    await seedAll({ crm: graph.crm, prm: graph.prm, embedded: false, close: async () => undefined }),
  ).toEqual({ crm: true, prm: true });
}, 180_000);
afterAll(async () => {
  await graph?.stop();
});

it('credits won and open demo deals to campaigns, under every model adding up to the same totals', async () => {
  const QUERY = `query($model: CampaignInfluenceModel!) { campaignInfluence(model: $model) {
    rows { campaignId currency pipeline wonRevenue wonDeals openDeals }
    totals { currency pipeline wonRevenue deals wonDeals openDeals } } }`;
  const even = (await ok(QUERY, { model: 'EVEN_SPLIT' })).campaignInfluence;
  expect(new Set(even.rows.map((row: { campaignId: string }) => row.campaignId)).size).toBeGreaterThanOrEqual(
    3,
  );
  for (const total of even.totals) {
    expect(total.deals).toBeGreaterThan(0);
  }
  const all = even.totals.reduce(
    (sum: { won: number; open: number }, total: { wonDeals: number; openDeals: number }) => ({
      won: sum.won + total.wonDeals,
      open: sum.open + total.openDeals,
    }),
    { won: 0, open: 0 },
  );
  expect(all.won).toBeGreaterThan(5);
  expect(all.open).toBeGreaterThan(5);
  for (const model of ['FIRST_TOUCH', 'LAST_TOUCH']) {
    expect((await ok(QUERY, { model })).campaignInfluence.totals).toEqual(even.totals);
  }
});

it('has MDF requests funding campaigns, the approved ones confirmed and answering a return', async () => {
  const { mdfRequests } = await ok(
    `{ mdfRequests(first: 100) { edges { node { id status campaignId campaignConfirmed
      campaignReturn(model: EVEN_SPLIT) { campaignId totals { currency wonRevenue } returnOnSpend { currency onApproved } } } } } }`,
    {},
    as.channelManager,
  );
  const requests = mdfRequests.edges.map((edge: { node: Record<string, unknown> }) => edge.node);
  const funding = requests.filter((request: { campaignId: string | null }) => request.campaignId);
  expect(funding.length).toBeGreaterThan(3);
  for (const request of funding) {
    expect(request.campaignConfirmed).toBe(request.status === 'APPROVED');
    expect(request.campaignReturn.campaignId).toBe(request.campaignId);
  }
  expect(
    funding.some(
      (request: { status: string; campaignReturn: { returnOnSpend: { onApproved: string | null } } }) =>
        request.status === 'APPROVED' && Number(request.campaignReturn.returnOnSpend.onApproved) > 0,
    ),
  ).toBe(true);
});
