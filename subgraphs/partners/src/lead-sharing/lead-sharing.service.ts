import { listPage } from '@sales-graph/shared/graphql/list-page';
import { randomUUID } from 'node:crypto';
import { LessThanOrEqual, type EntityManager } from 'typeorm';
import {
  assertId,
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from '@sales-graph/shared/errors';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import {
  intInRange,
  normaliseDomain,
  optionalEmail,
  optionalText,
  requiredText,
} from '@sales-graph/shared/validation';
import { assignLeadTo, referLeadBy } from '../attribution';
import type { PartnersContext } from '../context.type';
import { partnersMappingAccount } from '../account-mapping';
import { httpCrmClient, type CrmClient, type CrmLeadProfile } from '../crm';
import { activePartners, PartnerStatus, lockPartner } from '../partners';
import { scopedPartnerId } from '../training';
import {
  DistributionRule,
  LeadOffer,
  LeadOfferEvent,
  LeadOfferEventType,
  LeadOfferStatus,
  LeadReferral,
  LeadReferralStatus,
} from './lead-sharing.entity';
import { DISTRIBUTION_RULE_LIST, LEAD_OFFER_LIST } from './lead-sharing.filter';
import type {
  CreateDistributionRuleInput,
  ReferLeadInput,
  UpdateDistributionRuleInput,
} from './lead-sharing.input';
import {
  assertOfferTransition,
  repeatsOfferAnswer,
  CLOSED_LEAD_STATUSES,
  DEFAULT_RESPONSE_HOURS,
  engagementRefusal,
  respondByFor,
  routeLead,
  type PartnerOfferStats,
} from './routing.rules';

const O = LeadOfferStatus;
const E = LeadOfferEventType;
/** The actor of steps nobody took by hand (expiry, automatic re-routing). */
export const SYSTEM = 'system';

export const offerRepo = (ctx: PartnersContext) => ctx.dataSource.getRepository(LeadOffer);
export const ruleRepo = (ctx: PartnersContext) => ctx.dataSource.getRepository(DistributionRule);
export const offerEventRepo = (ctx: PartnersContext) => ctx.dataSource.getRepository(LeadOfferEvent);

// ---------------------------------------------------------------------------------------------
// Reading

/** An offer the caller may see (a partner user: only its own partner's), else null. */
export async function findOffer(ctx: PartnersContext, id: string): Promise<LeadOffer | null> {
  return ctx.loaders.byId(offerRepo(ctx)).load(id);
}

export async function getOffer(ctx: PartnersContext, id: string): Promise<LeadOffer> {
  const offer = await findOffer(ctx, assertId('LeadOffer', id));
  if (!offer) throw new NotFoundError('LeadOffer', id);
  return offer;
}

export async function findRule(ctx: PartnersContext, id: string): Promise<DistributionRule | null> {
  return ctx.loaders.byId(ruleRepo(ctx)).load(id);
}

/**
 * A page of offers with the caller's filter and order, through its row scope (a partner user: its
 * own partner's only, whatever partner its filter names).
 */
export async function listOffers(
  ctx: PartnersContext,
  args: ConnectionArgs,
  list: ListQueryArgs,
): Promise<Connection<LeadOffer>> {
  const repo = offerRepo(ctx);
  const qb = repo.createQueryBuilder('offer');
  return listPage(ctx, repo, qb, LEAD_OFFER_LIST, args, list);
}

/** A page of distribution rules, in the order they are tried unless `orderBy` says otherwise. */
export async function listRules(
  ctx: PartnersContext,
  args: ConnectionArgs,
  list: ListQueryArgs,
): Promise<Connection<DistributionRule>> {
  const repo = ruleRepo(ctx);
  const qb = repo.createQueryBuilder('rule');
  return listPage(ctx, repo, qb, DISTRIBUTION_RULE_LIST, args, list);
}

/** The offers of one lead (batched across leads), through the row scope. */
export function offersOfLead(
  ctx: PartnersContext,
  leadId: string,
  args: ConnectionArgs,
): Promise<Connection<LeadOffer>> {
  return ctx.loaders.connection(offerRepo(ctx), 'leadId', args).load(leadId);
}

/** The offers made to one partner, oldest first, optionally in one status (batched across partners). */
export function offersToPartner(
  ctx: PartnersContext,
  partnerId: string,
  args: ConnectionArgs,
  status: LeadOfferStatus | null,
): Promise<Connection<LeadOffer>> {
  return ctx.loaders
    .connection(offerRepo(ctx), 'partnerId', args, undefined, status ? { status } : undefined)
    .load(partnerId);
}

/** The offer an event relates to; hidden from partner users, since it was another partner's. */
export function visibleRelatedOfferId(ctx: PartnersContext, event: LeadOfferEvent): string | null {
  return ctx.identity.role === 'PARTNER' ? null : event.relatedOfferId;
}

// ---------------------------------------------------------------------------------------------
// Distribution rules

function ruleValues(input: UpdateDistributionRuleInput): Partial<DistributionRule> {
  const values: Partial<DistributionRule> = {};
  if (input.name != null) values.name = requiredText(input.name, 'name');
  if (input.priority != null) values.priority = intInRange(input.priority, 'priority', 0, 100_000);
  if (input.enabled != null) values.enabled = input.enabled;
  if (input.region !== undefined) values.region = optionalText(input.region, 'region', 100);
  if (input.industry !== undefined) values.industry = optionalText(input.industry, 'industry', 100);
  if (input.minTier !== undefined) values.minTier = input.minTier ?? null;
  if (input.responseSlaHours != null) {
    values.responseSlaHours = intInRange(input.responseSlaHours, 'responseSlaHours', 1, 720);
  }
  if (input.maxOpenOffersPerPartner != null) {
    values.maxOpenOffersPerPartner = intInRange(
      input.maxOpenOffersPerPartner,
      'maxOpenOffersPerPartner',
      1,
      1000,
    );
  }
  return values;
}

export async function createDistributionRule(
  ctx: PartnersContext,
  input: CreateDistributionRuleInput,
): Promise<DistributionRule> {
  // An explicit `enabled: null` is the default too, not a rule saved without it.
  const values = ruleValues({ ...input, enabled: input.enabled ?? true });
  return ctx.dataSource.transaction((manager) =>
    manager.save(manager.create(DistributionRule, { ...values, createdBy: ctx.identity.sub })),
  );
}

export async function updateDistributionRule(
  ctx: PartnersContext,
  id: string,
  input: UpdateDistributionRuleInput,
): Promise<DistributionRule> {
  const ruleId = assertId('DistributionRule', id);
  const values = ruleValues(input);
  return ctx.dataSource.transaction(async (manager) => {
    const rule = await manager.findOne(DistributionRule, {
      where: { id: ruleId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!rule) throw new NotFoundError('DistributionRule', id);
    return manager.save(Object.assign(rule, values));
  });
}

// ---------------------------------------------------------------------------------------------
// Offers

/**
 * Serialises every change to one lead's offers (offer, routing, accept, decline, expiry) with a
 * transaction-scoped advisory lock. Lock order everywhere: lead lock(s), then offer rows, then
 * the routing lock, then partner and attribution rows.
 */
async function lockLead(manager: EntityManager, leadId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`prm.lead-offers:${leadId}`]);
}

/** The lead as the CRM knows it; a lead that does not exist (or is closed) cannot be shared. */
async function leadProfile(crm: CrmClient, leadId: string, rawId: string): Promise<CrmLeadProfile> {
  const profile = (await crm.leadProfiles([leadId])).get(leadId);
  if (!profile) throw new NotFoundError('Lead', rawId);
  if (CLOSED_LEAD_STATUSES.has(profile.status)) {
    throw new BadUserInputError(`A ${profile.status} lead cannot be shared with partners`, 'leadId');
  }
  return profile;
}

async function recordEvent(
  manager: EntityManager,
  offer: LeadOffer,
  type: LeadOfferEventType,
  actor: string,
  at: Date,
  extra: { reason?: string | null; relatedOfferId?: string | null } = {},
): Promise<void> {
  await manager.save(
    manager.create(LeadOfferEvent, {
      offerId: offer.id,
      leadId: offer.leadId,
      partnerId: offer.partnerId,
      type,
      actor,
      at,
      reason: extra.reason ?? null,
      relatedOfferId: extra.relatedOfferId ?? null,
      createdBy: actor,
    }),
  );
}

/** Under the lead lock: a lead with a live or accepted offer cannot be offered again. */
async function assertLeadOpen(manager: EntityManager, leadId: string): Promise<LeadOffer[]> {
  const history = await manager.find(LeadOffer, {
    where: { leadId },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  if (history.some((o) => o.status === O.OFFERED)) {
    throw new ConflictError('This lead already has a live offer; withdraw it first', 'leadId');
  }
  if (history.some((o) => o.status === O.ACCEPTED)) {
    throw new ConflictError('This lead was already accepted by a partner', 'leadId');
  }
  return history;
}

/** Open, accepted and answered offers per partner, aggregated in SQL. */
async function offerStats(manager: EntityManager): Promise<Map<string, PartnerOfferStats>> {
  const rows: { partner_id: string; open: number; accepted: number; responded: number }[] =
    await manager.query(
      `SELECT partner_id,
              count(*) FILTER (WHERE status = 'OFFERED')::int AS open,
              count(*) FILTER (WHERE status = 'ACCEPTED')::int AS accepted,
              count(*) FILTER (WHERE status IN ('ACCEPTED', 'DECLINED'))::int AS responded
       FROM prm.lead_offers WHERE deleted_at IS NULL GROUP BY partner_id`,
    );
  return new Map(
    rows.map((r) => [r.partner_id, { open: r.open, accepted: r.accepted, responded: r.responded }]),
  );
}

async function createOffer(
  manager: EntityManager,
  values: Pick<LeadOffer, 'leadId' | 'partnerId' | 'ruleId' | 'offeredBy' | 'respondBy' | 'offeredAt'> & {
    previousOfferId?: string | null;
  },
  actor: string,
): Promise<LeadOffer> {
  return manager.save(
    manager.create(LeadOffer, {
      ...values,
      previousOfferId: values.previousOfferId ?? null,
      nextOfferId: null,
      status: O.OFFERED,
      respondedAt: null,
      declineReason: null,
      createdBy: actor,
    }),
  );
}

/**
 * Serialises the making of offers (by the rules or by hand), so partners' open-offer counts are
 * exact when capacity is checked. Always taken after the lead lock(s), never before.
 */
async function lockRouting(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('prm.lead-offers.routing'))`);
}

/**
 * Offers the lead to the best eligible partner under the distribution rules, under the lead lock
 * and the routing lock (so concurrent routing never takes a partner past its capacity). With
 * `previous` (declined or expired), the new offer is recorded as REROUTED from it, or UNROUTED
 * when nobody is left.
 */
async function route(
  manager: EntityManager,
  leadId: string,
  profile: CrmLeadProfile | undefined,
  now: Date,
  actor: string,
  previous?: LeadOffer,
): Promise<LeadOffer | null> {
  await lockRouting(manager);
  const [rules, partners, stats, history, mapped] = await Promise.all([
    manager.find(DistributionRule, { where: { enabled: true }, order: { priority: 'ASC', id: 'ASC' } }),
    activePartners(manager),
    offerStats(manager),
    manager.find(LeadOffer, { where: { leadId } }),
    partnersMappingAccount(manager, profile?.accountDomainHash),
  ]);
  const routed =
    profile && !CLOSED_LEAD_STATUSES.has(profile.status)
      ? routeLead(profile, rules, partners, stats, history, mapped)
      : null;
  const best = routed?.partners[0];
  if (!routed || !best) {
    if (previous) await recordEvent(manager, previous, E.UNROUTED, actor, now);
    return null;
  }
  const offer = await createOffer(
    manager,
    {
      leadId,
      partnerId: best.id,
      ruleId: routed.rule.id,
      offeredBy: `routing:${routed.rule.id}`,
      offeredAt: now,
      respondBy: respondByFor(now, routed.rule.responseSlaHours),
      previousOfferId: previous?.id ?? null,
    },
    actor,
  );
  if (previous) {
    await manager.save(Object.assign(previous, { nextOfferId: offer.id }));
    await recordEvent(manager, offer, E.REROUTED, actor, now, { relatedOfferId: previous.id });
  } else {
    await recordEvent(manager, offer, E.OFFERED, actor, now);
  }
  return offer;
}

/** A channel manager offers a lead to a partner by hand (never to one that declined it). */
export async function offerLeadToPartner(
  ctx: PartnersContext,
  rawLeadId: string,
  rawPartnerId: string,
  respondWithinHours: number | null | undefined,
): Promise<LeadOffer> {
  const leadId = assertId('Lead', rawLeadId);
  const partnerId = assertId('Partner', rawPartnerId);
  const hours = intInRange(respondWithinHours ?? DEFAULT_RESPONSE_HOURS, 'respondWithinHours', 1, 720);
  const profile = await leadProfile(ctx.crm, leadId, rawLeadId);
  const refusal = engagementRefusal(profile.ownership, partnerId);
  if (refusal) throw new ConflictError(refusal, 'partnerId', { rule: 'RULES_OF_ENGAGEMENT' });
  return ctx.dataSource.transaction(async (manager) => {
    await lockLead(manager, leadId);
    const history = await assertLeadOpen(manager, leadId);
    if (history.some((o) => o.partnerId === partnerId && o.status === O.DECLINED)) {
      throw new BadUserInputError('This partner declined this lead; it cannot be offered again', 'partnerId');
    }
    await lockRouting(manager);
    const partner = await lockPartner(ctx, manager, partnerId);
    if (partner.status !== PartnerStatus.ACTIVE) {
      throw new BadUserInputError(
        `Only ACTIVE partners are offered leads (this one is ${partner.status})`,
        'partnerId',
      );
    }
    const now = new Date();
    const offer = await createOffer(
      manager,
      {
        leadId,
        partnerId,
        ruleId: null,
        offeredBy: ctx.identity.sub,
        offeredAt: now,
        respondBy: respondByFor(now, hours),
      },
      ctx.identity.sub,
    );
    await recordEvent(manager, offer, E.OFFERED, ctx.identity.sub, now);
    return offer;
  });
}

/** Offers a lead by the distribution rules to the best eligible partner. */
export async function distributeLead(ctx: PartnersContext, rawLeadId: string): Promise<LeadOffer> {
  const leadId = assertId('Lead', rawLeadId);
  const profile = await leadProfile(ctx.crm, leadId, rawLeadId);
  if (profile.ownership?.ownership === 'DIRECT') {
    throw new ConflictError(
      "This lead's account is DIRECT: its leads are not offered to partners",
      'leadId',
      {
        rule: 'RULES_OF_ENGAGEMENT',
      },
    );
  }
  return ctx.dataSource.transaction(async (manager) => {
    await lockLead(manager, leadId);
    await assertLeadOpen(manager, leadId);
    const offer = await route(manager, leadId, profile, new Date(), ctx.identity.sub);
    if (!offer) {
      throw new BadUserInputError('No distribution rule has an eligible partner for this lead', 'leadId');
    }
    return offer;
  });
}

/**
 * The offer a partner user answers: its own partner's only (another's reads as missing); internal
 * users cannot answer for a partner.
 */
async function offerToAnswer(ctx: PartnersContext, rawOfferId: string): Promise<LeadOffer> {
  const offerId = assertId('LeadOffer', rawOfferId);
  if (ctx.identity.role !== 'PARTNER') {
    throw new ForbiddenError('Only the partner the lead was offered to may answer the offer');
  }
  const offer = await findOffer(ctx, offerId);
  if (!offer) throw new NotFoundError('LeadOffer', rawOfferId);
  return offer;
}

async function lockOffer(manager: EntityManager, id: string): Promise<LeadOffer> {
  const offer = await manager.findOne(LeadOffer, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!offer) throw new NotFoundError('LeadOffer', id);
  return offer;
}

const assignLead = assignLeadTo;

/** The offered partner accepts before `respondBy`: the lead is assigned to it. */
export async function acceptLeadOffer(ctx: PartnersContext, rawOfferId: string): Promise<LeadOffer> {
  const { id, leadId } = await offerToAnswer(ctx, rawOfferId);
  return ctx.dataSource.transaction(async (manager) => {
    await lockLead(manager, leadId);
    const offer = await lockOffer(manager, id);
    if (repeatsOfferAnswer(offer, O.ACCEPTED)) return offer;
    assertOfferTransition(offer.status, O.ACCEPTED);
    const now = new Date();
    if (offer.respondBy <= now) {
      throw new BadUserInputError(`This offer expired at ${offer.respondBy.toISOString()}`, 'offerId');
    }
    Object.assign(offer, { status: O.ACCEPTED, respondedAt: now });
    await manager.save(offer);
    await recordEvent(manager, offer, E.ACCEPTED, ctx.identity.sub, now);
    await assignLead(manager, offer.leadId, offer.partnerId, ctx.identity.sub);
    return offer;
  });
}

/** The offered partner declines, with a reason; the lead is re-routed in the same transaction. */
export async function declineLeadOffer(
  ctx: PartnersContext,
  rawOfferId: string,
  rawReason: string,
): Promise<LeadOffer> {
  const reason = optionalText(rawReason, 'reason', 1000);
  if (reason === null) throw new BadUserInputError('A reason is required to decline an offer', 'reason');
  const { id, leadId } = await offerToAnswer(ctx, rawOfferId);
  const profile = (await ctx.crm.leadProfiles([leadId])).get(leadId);
  return ctx.dataSource.transaction(async (manager) => {
    await lockLead(manager, leadId);
    const offer = await lockOffer(manager, id);
    if (repeatsOfferAnswer(offer, O.DECLINED, reason)) return offer;
    assertOfferTransition(offer.status, O.DECLINED);
    const now = new Date();
    Object.assign(offer, { status: O.DECLINED, respondedAt: now, declineReason: reason });
    await manager.save(offer);
    await recordEvent(manager, offer, E.DECLINED, ctx.identity.sub, now, { reason });
    await route(manager, leadId, profile, now, SYSTEM, offer);
    return offer;
  });
}

/** A channel manager takes a live offer back (no re-routing). */
export async function withdrawLeadOffer(
  ctx: PartnersContext,
  rawOfferId: string,
  rawReason: string | null | undefined,
): Promise<LeadOffer> {
  const offerId = assertId('LeadOffer', rawOfferId);
  const reason = optionalText(rawReason, 'reason', 1000);
  const existing = await ctx.dataSource.manager.findOneBy(LeadOffer, { id: offerId });
  if (!existing) throw new NotFoundError('LeadOffer', rawOfferId);
  return ctx.dataSource.transaction(async (manager) => {
    await lockLead(manager, existing.leadId);
    const offer = await lockOffer(manager, offerId);
    if (repeatsOfferAnswer(offer, O.WITHDRAWN)) return offer;
    assertOfferTransition(offer.status, O.WITHDRAWN);
    const now = new Date();
    offer.status = O.WITHDRAWN;
    await manager.save(offer);
    await recordEvent(manager, offer, E.WITHDRAWN, ctx.identity.sub, now, { reason });
    return offer;
  });
}

/** Expires the overdue offers now, on the caller's behalf, in one transaction (see `expireLeadOffers`). */
export function expireOverdueLeadOffers(ctx: PartnersContext): Promise<LeadOffer[]> {
  return ctx.dataSource.transaction((manager) =>
    expireLeadOffers(manager, new Date(), ctx.crm, ctx.identity.sub),
  );
}

/**
 * Expires every offer whose `respondBy` has passed at `now` and re-routes each lead to the next
 * eligible partner (never back to one that declined or let it expire). Runs in the caller's
 * transaction (`manager`); returns the offers that expired.
 */
export async function expireLeadOffers(
  manager: EntityManager,
  now: Date = new Date(),
  crm: CrmClient = httpCrmClient(),
  actor: string = SYSTEM,
): Promise<LeadOffer[]> {
  const due = await manager.find(LeadOffer, {
    where: { status: O.OFFERED, respondBy: LessThanOrEqual(now) },
    order: { leadId: 'ASC', id: 'ASC' },
  });
  if (due.length === 0) return [];
  const leadIds = [...new Set(due.map((o) => o.leadId))];
  const profiles = await crm.leadProfiles(leadIds);
  // Every lead lock first, in lead order, and only then the routing lock (as every other path).
  for (const leadId of leadIds) await lockLead(manager, leadId);
  const expired: LeadOffer[] = [];
  for (const candidate of due) {
    const offer = await lockOffer(manager, candidate.id);
    if (offer.status !== O.OFFERED || offer.respondBy > now) continue;
    assertOfferTransition(offer.status, O.EXPIRED);
    offer.status = O.EXPIRED;
    await manager.save(offer);
    await recordEvent(manager, offer, E.EXPIRED, actor, now);
    await route(manager, offer.leadId, profiles.get(offer.leadId), now, actor, offer);
    expired.push(offer);
  }
  return expired;
}

// ---------------------------------------------------------------------------------------------
// Referrals

const sameReferral = (a: LeadReferral, b: Pick<LeadReferral, 'name' | 'company' | 'email'>) =>
  a.name === b.name && a.company === b.company && a.email === b.email;

/**
 * A partner refers a lead of its own. Safe to retry: the referral is recorded (PENDING, under the
 * partner's idempotency key) first, then the CRM lead is created under the referral's key (a
 * retry gets the same lead back), then the referral is completed and the lead attributed to the
 * partner. A retry after a failure in between finishes the half-done referral.
 */
export async function referLead(ctx: PartnersContext, input: ReferLeadInput): Promise<{ id: string }> {
  const partnerId = scopedPartnerId(ctx, input.partnerId);
  const email = optionalEmail(input.email);
  if (email === null) throw new BadUserInputError('email must not be empty', 'email');
  const values = {
    name: requiredText(input.name, 'name'),
    company: requiredText(input.company, 'company'),
    email,
    domain: normaliseDomain(input.domain),
    notes: optionalText(input.notes, 'notes', 2000),
  };
  const idempotencyKey =
    input.idempotencyKey == null ? randomUUID() : requiredText(input.idempotencyKey, 'idempotencyKey', 200);

  const referral = await ctx.dataSource.transaction(async (manager) => {
    // The partner row lock serialises a partner's referrals, so one key is recorded once.
    const partner = await lockPartner(ctx, manager, partnerId);
    if (partner.status !== PartnerStatus.ACTIVE) {
      throw new BadUserInputError(
        `Only ACTIVE partners refer leads (this one is ${partner.status})`,
        'partnerId',
      );
    }
    const existing = await manager.findOneBy(LeadReferral, { partnerId, idempotencyKey });
    if (existing) {
      if (!sameReferral(existing, values)) {
        throw new BadUserInputError(
          'This idempotencyKey was already used for a different referral',
          'idempotencyKey',
        );
      }
      return existing;
    }
    return manager.save(
      manager.create(LeadReferral, {
        ...values,
        partnerId,
        idempotencyKey,
        status: LeadReferralStatus.PENDING,
        leadId: null,
        completedAt: null,
        createdBy: ctx.identity.sub,
      }),
    );
  });
  if (referral.status === LeadReferralStatus.COMPLETED) return { id: referral.leadId! };

  const lead = await ctx.crm.createLead({
    name: referral.name,
    company: referral.company,
    email: referral.email,
    source: 'PARTNER',
    externalRef: `prm-referral:${referral.id}`,
  });

  return ctx.dataSource.transaction(async (manager) => {
    const current = await manager.findOne(LeadReferral, {
      where: { id: referral.id },
      lock: { mode: 'pessimistic_write' },
    });
    if (current!.status === LeadReferralStatus.COMPLETED) return { id: current!.leadId! };
    await manager.save(
      Object.assign(current!, {
        status: LeadReferralStatus.COMPLETED,
        leadId: lead.id,
        completedAt: new Date(),
      }),
    );
    await referLeadBy(manager, lead.id, partnerId, ctx.identity.sub);
    return { id: lead.id };
  });
}

/** The steps of many offers (or of many leads' offers) at once, in the order they happened. */
export const offerEventsLoader = (ctx: PartnersContext) =>
  ctx.loaders.manyBy(offerEventRepo(ctx), 'offerId', { seq: 'ASC' });

export const leadEventsLoader = (ctx: PartnersContext) =>
  ctx.loaders.manyBy(offerEventRepo(ctx), 'leadId', { seq: 'ASC' });
