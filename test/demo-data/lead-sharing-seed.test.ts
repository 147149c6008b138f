import type { DataSource } from 'typeorm';
import { DemoRandom } from '@sales-graph/shared/demo/random';
import { seedLeadSharing } from '../../subgraphs/partners/src/lead-sharing/lead-sharing.seed';
import { seedOnboarding } from '../../subgraphs/partners/src/onboarding/onboarding.seed';
import { seedCorePrm } from '../../subgraphs/partners/src/seed/core.seed';
import { seededPrm } from './seeded-prm';

/** CRM lead ids as the seed script hands them over (the PRM never reads CRM tables). */
const rng0 = new DemoRandom(7);
const crm = { dealIds: [], leadIds: Array.from({ length: 120 }, () => rng0.uuid()), customers: [] };

const prmSeeds = seededPrm('prmleadseed', [seedCorePrm, seedOnboarding, seedLeadSharing], crm);
const seeded = prmSeeds.seeded;

let prm: DataSource;
beforeAll(async () => {
  prm = await seeded();
});
afterAll(() => prmSeeds.drop());

describe('lead sharing demo data', () => {
  it('has rules and offers in every outcome, re-routed chains and a full event log', async () => {
    const [counts] = await prm.query(
      `SELECT (SELECT count(*) FROM prm.distribution_rules) rules,
              (SELECT count(DISTINCT status) FROM prm.lead_offers) statuses,
              (SELECT count(*) FROM prm.lead_offers WHERE previous_offer_id IS NOT NULL) rerouted,
              (SELECT count(*) FROM prm.lead_offers) offers`,
    );
    expect(counts.rules).toBe(4);
    expect(counts.statuses).toBe(4); // OFFERED, ACCEPTED, DECLINED, EXPIRED (nobody withdrew)
    expect(counts.rerouted).toBeGreaterThan(0);
    expect(counts.offers).toBeGreaterThan(20);
  });

  it('keeps the rules of lead sharing', async () => {
    const offers: {
      id: string;
      lead_id: string;
      partner_id: string;
      status: string;
      previous_offer_id: string | null;
      next_offer_id: string | null;
      offered_at: Date;
      respond_by: Date;
      responded_at: Date | null;
    }[] = await prm.query(`SELECT * FROM prm.lead_offers ORDER BY created_at, id`);
    const byLead = new Map<string, typeof offers>();
    for (const offer of offers) byLead.set(offer.lead_id, [...(byLead.get(offer.lead_id) ?? []), offer]);
    const now = new Date('2026-11-01T09:00:00Z');
    for (const chain of byLead.values()) {
      // Never offered twice to the same partner, at most one open or accepted offer, at the end.
      expect(new Set(chain.map((o) => o.partner_id)).size).toBe(chain.length);
      for (const offer of chain.slice(0, -1)) expect(['DECLINED', 'EXPIRED']).toContain(offer.status);
      for (let i = 1; i < chain.length; i += 1) {
        expect(chain[i].previous_offer_id).toBe(chain[i - 1].id);
        expect(chain[i - 1].next_offer_id).toBe(chain[i].id);
      }
      for (const offer of chain) {
        expect(offer.offered_at.getTime()).toBeLessThanOrEqual(now.getTime());
        if (offer.responded_at) expect(offer.responded_at.getTime()).toBeLessThanOrEqual(now.getTime());
        if (offer.status === 'OFFERED') expect(offer.respond_by.getTime()).toBeGreaterThan(now.getTime());
      }
    }
    // Accepted leads are assigned to the partner that accepted them.
    const unassigned = await prm.query(
      `SELECT o.id FROM prm.lead_offers o LEFT JOIN prm.lead_attributions a ON a.lead_id = o.lead_id
       WHERE o.status = 'ACCEPTED' AND a.assigned_partner_id IS DISTINCT FROM o.partner_id`,
    );
    expect(unassigned).toEqual([]);
    // Every offer's log starts with OFFERED or REROUTED and records its outcome.
    const logs: { offer_id: string; types: string[]; status: string }[] = await prm.query(
      `SELECT e.offer_id, array_agg(e.type ORDER BY e.seq) types, min(o.status) status
       FROM prm.lead_offer_events e JOIN prm.lead_offers o ON o.id = e.offer_id GROUP BY e.offer_id`,
    );
    expect(logs).toHaveLength(offers.length);
    for (const log of logs) {
      expect(['OFFERED', 'REROUTED']).toContain(log.types[0]);
      if (log.status !== 'OFFERED') expect(log.types[1]).toBe(log.status);
    }
  });

  it('is the same on every machine', async () => {
    const again = await seeded();
    const digest = (dataSource: DataSource) =>
      dataSource.query(
        `SELECT md5(string_agg(concat_ws('|', id, lead_id, partner_id, status, offered_at, responded_at), ',' ORDER BY id)) d
         FROM prm.lead_offers`,
      );
    expect(await digest(again)).toEqual(await digest(prm));
  });
});
