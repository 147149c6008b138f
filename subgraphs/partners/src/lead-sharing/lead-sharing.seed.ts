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
  const rules = await seedDistributionRules(manager, rng);
  const partners = await manager.find(Partner, {
    where: { status: PartnerStatus.ACTIVE },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  if (partners.length < 2 || crm.leadIds.length === 0) return;
  const attributions = await manager.find(LeadAttribution, { where: { leadId: In(crm.leadIds) } });
  const held = new Set(attributions.filter((a) => a.assignedPartnerId).map((a) => a.leadId));
  const free = crm.leadIds.filter((id) => !held.has(id));

  const sharing: SharingLog = { offers: [], events: [], assignments: [], open: new Map() };
  const run: SharingRun = {
    manager,
    rng,
    rules,
    partners,
    sharing,
    event: offerEventRecorder(manager, rng, sharing.events),
  };
  for (const leadId of free.filter(() => rng.chance(0.35))) seedOfferChain(run, leadId);
  await saveOffersAndEvents(manager, sharing);
  await saveAssignments(manager, rng, attributions, sharing.assignments);
}

async function seedDistributionRules(manager: EntityManager, rng: DemoRandom): Promise<DistributionRule[]> {
  return manager.save([
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
}

/** What the offer chains produce, saved at the end; `open` counts each partner's open offers. */
interface SharingLog {
  offers: LeadOffer[];
  events: LeadOfferEvent[];
  assignments: { leadId: string; partnerId: string; by: string }[];
  open: Map<string, number>;
}

type OfferEventRecorder = (
  offer: LeadOffer,
  type: LeadOfferEventType,
  actor: string,
  at: Date,
  extra?: object,
) => void;

function offerEventRecorder(
  manager: EntityManager,
  rng: DemoRandom,
  events: LeadOfferEvent[],
): OfferEventRecorder {
  return (offer, type, actor, at, extra = {}) => {
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
  };
}

interface SharingRun {
  manager: EntityManager;
  rng: DemoRandom;
  rules: DistributionRule[];
  partners: Partner[];
  sharing: SharingLog;
  event: OfferEventRecorder;
}

/** One lead's chain so far: how it was shared, the time reached, the partners tried, its last offer. */
interface OfferChain {
  leadId: string;
  rule: DistributionRule;
  byHand: boolean;
  cm: string;
  at: Date;
  tried: Set<string>;
  previous: LeadOffer | null;
  placed: boolean;
}

/** Shares one lead: up to four offers, each declined or expired one re-routed to a new partner. */
function seedOfferChain(run: SharingRun, leadId: string): void {
  const { rng } = run;
  const rule = rng.pick(run.rules.filter((r) => r.enabled));
  const byHand = rng.chance(0.2);
  const cm = rng.pick(CHANNEL_MANAGERS);
  // About a third were shared in the last two days (some still open), the rest over two months.
  const ageHours = rng.chance(0.3) ? rng.int(2, 40) : rng.int(48, 60 * 24);
  const chain: OfferChain = {
    leadId,
    rule,
    byHand,
    cm,
    at: new Date(PRM_DEMO_NOW.getTime() - ageHours * HOUR_MS),
    tried: new Set<string>(),
    previous: null,
    placed: false,
  };
  for (let step = 0; step < 4 && !chain.placed; step += 1) {
    const partner = nextPartner(run, chain);
    if (!partner) break;
    answerOffer(run, chain, offerTo(run, chain, partner), partner);
  }
  // Declined or expired by everyone it went to: back with the channel managers.
  if (!chain.placed && chain.previous) run.event(chain.previous, E.UNROUTED, 'system', chain.at);
}

/** The next eligible partner not tried yet (marked tried), or null when there is none. */
function nextPartner(run: SharingRun, chain: OfferChain): Partner | null {
  const stats = new Map([...run.sharing.open].map(([id, n]) => [id, { open: n, accepted: 0, responded: 0 }]));
  const candidates = eligiblePartners(chain.rule, run.partners, stats, chain.tried);
  if (candidates.length === 0) return null;
  const partner = run.rng.pick(candidates);
  chain.tried.add(partner.id);
  return partner;
}

/** The chain's next offer, to `partner`, linked from the previous one (a re-route) if any. */
function offerTo(run: SharingRun, chain: OfferChain, partner: Partner): LeadOffer {
  const { manager, rng } = run;
  const { rule, byHand, cm, at, previous } = chain;
  const hours = byHand ? 48 : rule.responseSlaHours;
  const offer: LeadOffer = manager.create(LeadOffer, {
    id: rng.uuid(),
    leadId: chain.leadId,
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
  run.sharing.offers.push(offer);
  if (previous) {
    previous.nextOfferId = offer.id;
    run.event(offer, E.REROUTED, 'system', at, { relatedOfferId: previous.id });
  } else {
    run.event(offer, E.OFFERED, cm, at);
  }
  return offer;
}

/** The partner's answer: left open, accepted (the chain is placed), declined or expired. */
function answerOffer(run: SharingRun, chain: OfferChain, offer: LeadOffer, partner: Partner): void {
  const { rng, sharing } = run;
  const { at } = chain;
  // Answers happen before the respond-by time and before "now" of the demo data.
  const live = offer.respondBy > PRM_DEMO_NOW;
  const window = Math.floor(
    (Math.min(offer.respondBy.getTime(), PRM_DEMO_NOW.getTime()) - at.getTime()) / HOUR_MS,
  );
  const roll = rng.next();
  if (live && (roll < 0.5 || window < 2)) {
    sharing.open.set(partner.id, (sharing.open.get(partner.id) ?? 0) + 1);
    chain.placed = true;
    return;
  }
  const respondedAt = new Date(at.getTime() + rng.int(1, window - 1) * HOUR_MS);
  const actor = `partner-user:${partner.id.slice(0, 8)}`;
  if (roll < 0.45 || (live && roll < 0.75)) {
    Object.assign(offer, { status: O.ACCEPTED, respondedAt });
    run.event(offer, E.ACCEPTED, actor, respondedAt);
    sharing.assignments.push({ leadId: chain.leadId, partnerId: partner.id, by: actor });
    chain.placed = true;
    return;
  }
  if (live || roll < 0.8) {
    const reason = rng.pick(DECLINE_REASONS);
    Object.assign(offer, { status: O.DECLINED, respondedAt, declineReason: reason });
    run.event(offer, E.DECLINED, actor, respondedAt, { reason });
    chain.at = respondedAt;
  } else {
    offer.status = O.EXPIRED;
    chain.at = offer.respondBy;
    run.event(offer, E.EXPIRED, 'system', chain.at);
  }
  chain.previous = offer;
}

async function saveOffersAndEvents(manager: EntityManager, { offers, events }: SharingLog): Promise<void> {
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
}

/** Assigns each accepted lead to its partner: on its attribution, or a new one. */
async function saveAssignments(
  manager: EntityManager,
  rng: DemoRandom,
  attributions: LeadAttribution[],
  assignments: SharingLog['assignments'],
): Promise<void> {
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
