import { randomUUID } from 'node:crypto';
import { SCOPED_SQL } from '@sales-graph/shared/access/scope';
import { paginate } from '@sales-graph/shared/graphql/pagination';
import { runAsActor } from '@sales-graph/shared/http';
import { DealRegistration } from '../../subgraphs/partners/src/registrations/registration.entity';
import { activePartner, partnerUser, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * The test-mode guard that every other suite runs under: a read of a partner-visible table made
 * for a partner user that did not go through the scope API is recorded, and `graph.stop()` fails.
 */
let graph: TestGraph;

beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph?.stop();
});

const as = <T>(role: string, work: () => Promise<T>) =>
  runAsActor({ requestId: randomUUID(), actor: { sub: 'user:guard-test', role } }, work);

describe('the scope guard', () => {
  it('records an unscoped read made for a partner user, in either subgraph', async () => {
    await as('PARTNER', async () => {
      await graph.prm.getRepository(DealRegistration).find();
      await graph.prm.query('SELECT id FROM prm.lead_offers');
      await graph.crm.query('SELECT d.id FROM crm.deals d JOIN crm.customers c ON c.id = d.customer_id');
    });
    const tables = graph
      .scopeViolations()
      .map((violation) => violation.table)
      .sort();
    expect(tables).toEqual(['crm.customers', 'crm.deals', 'prm.deal_registrations', 'prm.lead_offers']);
  });

  it('lets through reads made by the scope API, tables no partner reaches, and other roles', async () => {
    await as('PARTNER', async () => {
      await graph.prm.query(`${SCOPED_SQL} SELECT id FROM prm.deal_registrations`);
      await graph.prm.query('SELECT id FROM prm.courses');
      await graph.crm.query('SELECT id FROM crm.campaigns');
    });
    await as('ADMIN', () => graph.prm.query('SELECT id FROM prm.deal_registrations'));
    await as('SERVICE', () => graph.crm.query('SELECT id FROM crm.deals'));
    expect(graph.scopeViolations()).toEqual([]);
  });

  it('does not mistake a table whose name starts like a scoped one', async () => {
    await as('PARTNER', () =>
      graph.prm.query('SELECT id FROM prm.partners_archive_missing WHERE false').catch(() => null),
    );
    expect(graph.scopeViolations()).toEqual([]);
  });

  it('refuses a root list that was not scoped, for every role', async () => {
    const repo = graph.prm.getRepository(DealRegistration);
    await expect(paginate(repo, repo.createQueryBuilder('registration'), {})).rejects.toThrow(
      /not scoped with ctx.scope.where/,
    );
  });

  it('sees a whole partner session through the gateway go through the scope', async () => {
    const P = await partnerUser(graph, await activePartner(graph, 'Guarded'));
    const r = await graph.query(
      `{ partners(first: 5) { totalCount edges { node { id dealRegistrations(first: 5) { totalCount }
          leadOffers(first: 5) { totalCount } payouts(first: 5) { totalCount } users(first: 5) { totalCount }
          sourcedDeals(first: 5) { totalCount } assignedLeads(first: 5) { totalCount }
          certifications(first: 5) { totalCount } enrolments(first: 5) { totalCount }
          mdfAllocations(first: 5) { totalCount } tierHistory(first: 5) { totalCount } } } }
        dealRegistrations(first: 5) { totalCount } leadOffers(first: 5) { totalCount } apiKeys(first: 5) { totalCount }
        partnersAtRisk(first: 5) { totalCount } expiringCertifications(first: 5, withinDays: 30) { totalCount }
        deals(first: 5) { totalCount } leads(first: 5) { totalCount } customers(first: 5) { totalCount } }`,
      {},
      P,
    );
    expect(r.errors).toBeUndefined();
    expect(graph.scopeViolations()).toEqual([]);
  });
});
