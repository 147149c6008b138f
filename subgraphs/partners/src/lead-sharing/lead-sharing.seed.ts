import { In, type EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { LeadAttribution } from '../attribution';
import { PRM_DEMO_NOW } from '../onboarding';
import { Partner, PartnerStatus, PartnerTier } from '../partners';
import type { CrmDemoIds } from '../seed';
import {
  DistributionRule,
  LeadOffer,
  LeadOfferEvent,
  LeadOfferEventType,
  LeadOfferStatus,
} from './lead-sharing.entity';
import { eligiblePartners, respondByFor } from './routing.rules';
import { HOUR_MS } from '@sales-graph/shared/time';

const O = LeadOfferStatus;
const E = LeadOfferEventType;
const CHANNEL_MANAGERS = ['cm:alice', 'cm:bruno', 'cm:chen'];
const DECLINE_REASONS = [
  'No capacity this quarter',
  'Outside our vertical',
  'Customer is too small for us',
  'Conflicts with an existing account',
];

/**
 * Distribution rules, and the offer history of about a third of the CRM's demo leads that no
 * partner holds yet: chains of offers declined or left to expire and re-routed to the next
 * partner (never back), ending accepted (the lead then assigned), still open, or unplaced.
 */
export async function seedLeadSharing(
  manager: EntityManager,
  rng: DemoRandom,
  crm: CrmDemoIds,
): Promise<void> {
  if ((await manager.count(DistributionRule)) > 0) return;
  const rules = await manager.save([
    manager.create(DistributionRule, {
      id: rng.uuid(),
      name: 'EMEA retail to Gold+',
      priority: 10,
      enabled: true,
      region: 'EMEA',
      industry: 'Retail',
      minTier: PartnerTier.GOLD,
      responseSlaHours: 48,
      maxOpenOffersPerPartner: 5,
      createdBy: CHANNEL_MANAGERS[0],
    }),
    manager.create(DistributionRule, {
      id: rng.uuid(),
      name: 'North America',
      priority: 20,
      enabled: true,
      region: 'NA',
      industry: null,
      minTier: PartnerTier.SILVER,
      responseSlaHours: 72,
      maxOpenOffersPerPartner: 4,
      createdBy: CHANNEL_MANAGERS[1],
    }),
    manager.create(DistributionRule, {
      id: rng.uuid(),
      name: 'Everything else',
      priority: 100,
      enabled: true,
      region: null,
      industry: null,
      minTier: null,
      responseSlaHours: 96,
      maxOpenOffersPerPartner: 3,
      createdBy: CHANNEL_MANAGERS[2],
    }),
    manager.create(DistributionRule, {
      id: rng.uuid(),
      name: 'APAC pilot (paused)',
      priority: 5,
      enabled: false,
      region: 'APAC',
      industry: null,
      minTier: PartnerTier.PLATINUM,
      responseSlaHours: 24,
      maxOpenOffersPerPartner: 2,
      createdBy: CHANNEL_MANAGERS[2],
    }),
  ]);
  const partners = await manager.find(Partner, {
    where: { status: PartnerStatus.ACTIVE },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  if (partners.length < 2 || crm.leadIds.length === 0) return;
  const attributions = await manager.find(LeadAttribution, { where: { leadId: In(crm.leadIds) } });
  const held = new Set(attributions.filter((a) => a.assignedPartnerId).map((a) => a.leadId));
  const free = crm.leadIds.filter((id) => !held.has(id));

  const offers: LeadOffer[] = [];
  const events: LeadOfferEvent[] = [];
  const assignments: { leadId: string; partnerId: string; by: string }[] = [];
  const open = new Map<string, number>();
  const event = (offer: LeadOffer, type: LeadOfferEventType, actor: string, at: Date, extra = {}) =>
    events.push(
      manager.create(LeadOfferEvent, {
        id: rng.uuid(),
        offerId: offer.id,
        leadId: offer.leadId,
        partnerId: offer.partnerId,
        type,
        actor,
        at,
        reason: null,
        relatedOfferId: null,
        createdAt: at,
        createdBy: actor,
        ...extra,
      }),
    );

  for (const leadId of free.filter(() => rng.chance(0.35))) {
    const rule = rng.pick(rules.filter((r) => r.enabled));
    const byHand = rng.chance(0.2);
    const cm = rng.pick(CHANNEL_MANAGERS);
    // About a third were shared in the last two days (some still open), the rest over two months.
    const ageHours = rng.chance(0.3) ? rng.int(2, 40) : rng.int(48, 60 * 24);
    let at = new Date(PRM_DEMO_NOW.getTime() - ageHours * HOUR_MS);
    const tried = new Set<string>();
    let previous: LeadOffer | null = null;
    let placed = false;
    for (let step = 0; step < 4 && !placed; step += 1) {
      const stats = new Map([...open].map(([id, n]) => [id, { open: n, accepted: 0, responded: 0 }]));
      const candidates = eligiblePartners(rule, partners, stats, tried);
      if (candidates.length === 0) break;
      const partner = rng.pick(candidates);
      tried.add(partner.id);
      const hours = byHand ? 48 : rule.responseSlaHours;
      const offer: LeadOffer = manager.create(LeadOffer, {
        id: rng.uuid(),
        leadId,
        partnerId: partner.id,
        ruleId: byHand && !previous ? null : rule.id,
        status: O.OFFERED,
        offeredAt: at,
        respondBy: respondByFor(at, hours),
        respondedAt: null,
        declineReason: null,
        offeredBy: byHand && !previous ? cm : `routing:${rule.id}`,
        previousOfferId: previous?.id ?? null,
        nextOfferId: null,
        createdAt: at,
        createdBy: previous ? 'system' : cm,
      });
      offers.push(offer);
      if (previous) {
        previous.nextOfferId = offer.id;
        event(offer, E.REROUTED, 'system', at, { relatedOfferId: previous.id });
      } else {
        event(offer, E.OFFERED, cm, at);
      }
      // Answers happen before the respond-by time and before "now" of the demo data.
      const live = offer.respondBy > PRM_DEMO_NOW;
      const window = Math.floor(
        (Math.min(offer.respondBy.getTime(), PRM_DEMO_NOW.getTime()) - at.getTime()) / HOUR_MS,
      );
      const roll = rng.next();
      if (live && (roll < 0.5 || window < 2)) {
        open.set(partner.id, (open.get(partner.id) ?? 0) + 1);
        placed = true;
        break;
      }
      const respondedAt = new Date(at.getTime() + rng.int(1, window - 1) * HOUR_MS);
      const actor = `partner-user:${partner.id.slice(0, 8)}`;
      if (roll < 0.45 || (live && roll < 0.75)) {
        Object.assign(offer, { status: O.ACCEPTED, respondedAt });
        event(offer, E.ACCEPTED, actor, respondedAt);
        assignments.push({ leadId, partnerId: partner.id, by: actor });
        placed = true;
        break;
      }
      if (live || roll < 0.8) {
        const reason = rng.pick(DECLINE_REASONS);
        Object.assign(offer, { status: O.DECLINED, respondedAt, declineReason: reason });
        event(offer, E.DECLINED, actor, respondedAt, { reason });
        at = respondedAt;
      } else {
        offer.status = O.EXPIRED;
        at = offer.respondBy;
        event(offer, E.EXPIRED, 'system', at);
      }
      previous = offer;
    }
    // Declined or expired by everyone it went to: back with the channel managers.
    if (!placed && previous) event(previous, E.UNROUTED, 'system', at);
  }
  // Offers first without their forward links (each points at an offer saved after it).
  const links = offers.map((offer) => offer.nextOfferId);
  for (const offer of offers) offer.nextOfferId = null;
  await manager.save(offers, { chunk: 200 });
  offers.forEach((offer, i) => (offer.nextOfferId = links[i]));
  await manager.save(
    offers.filter((offer) => offer.nextOfferId),
    { chunk: 200 },
  );
  await manager.save(events, { chunk: 200 });
  for (const { leadId, partnerId, by } of assignments) {
    const current = attributions.find((a) => a.leadId === leadId);
    if (current) await manager.save(Object.assign(current, { assignedPartnerId: partnerId }));
    else
      await manager.save(
        manager.create(LeadAttribution, {
          id: rng.uuid(),
          leadId,
          assignedPartnerId: partnerId,
          referredByPartnerId: null,
          createdBy: by,
        }),
      );
  }
}
