import type { EntityManager } from 'typeorm';
import { BadUserInputError, isUuid, NotFoundError } from '@sales-graph/shared/errors';
import type { ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import type { Connection, ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import type { PartnersContext } from '../context.type';
import { figuresKey, figuresOf, partnerFiguresLoader } from '../performance';
import {
  activePartnerIds,
  activePartnersIn,
  pagePartners,
  partnersIn,
  setPartnerTier,
  type Partner,
  type PartnerTier,
} from '../partners';
import { existingCourseIds } from '../training';
import { scorecardKey, scorecardLoader } from './scorecard.service';
import {
  PartnerTierChange,
  PartnerTierFlag,
  TierChangeKind,
  TierRule,
  type PartnerTierStatus,
  type TierRecomputeResult,
} from './tier.entity';
import type { SetTierRuleInput } from './tier.input';
import {
  TIER_ORDER,
  describeShortfalls,
  evaluateTier,
  todayUtc,
  trailingPeriod,
  validateTierRule,
  type TierMeasures,
  type TierRuleSpec,
} from './tier.rules';

export const tierRuleRepo = (ctx: PartnersContext) => ctx.dataSource.getRepository(TierRule);
export const tierFlagRepo = (ctx: PartnersContext) => ctx.dataSource.getRepository(PartnerTierFlag);
export const tierChangeRepo = (ctx: PartnersContext) => ctx.dataSource.getRepository(PartnerTierChange);

export async function listTierRules(ctx: PartnersContext): Promise<TierRule[]> {
  const rules = await tierRuleRepo(ctx).find();
  return rules.sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier));
}

const lockRules = (manager: EntityManager) =>
  manager.query(`SELECT pg_advisory_xact_lock(hashtext('prm.tier_rules'))`);

/** Creates or replaces the rule of a tier, after checking every required course exists. */
export async function setTierRule(ctx: PartnersContext, input: SetTierRuleInput): Promise<TierRule> {
  const values = validateTierRule(input);
  if (values.requiredCourseIds.length > 0) {
    const found = await existingCourseIds(ctx, values.requiredCourseIds.filter(isUuid));
    const missing = values.requiredCourseIds.filter((id) => !found.includes(id));
    if (missing.length > 0) {
      throw new BadUserInputError(`Unknown course(s): ${missing.join(', ')}`, 'requiredCourseIds');
    }
  }
  return ctx.dataSource.transaction(async (manager) => {
    // Serialises rule changes with each other and with recomputes (the unique index is the backstop).
    await lockRules(manager);
    const current = await manager.findOne(TierRule, { where: { tier: values.tier } });
    if (current) return manager.save(Object.assign(current, values));
    return manager.save(manager.create(TierRule, { ...values, createdBy: ctx.identity.sub }));
  });
}

export async function deleteTierRule(ctx: PartnersContext, tier: PartnerTier): Promise<TierRule> {
  return ctx.dataSource.transaction(async (manager) => {
    await lockRules(manager);
    const current = await manager.findOne(TierRule, { where: { tier } });
    if (!current) throw new NotFoundError('TierRule', tier);
    return manager.softRemove(current);
  });
}

/** Each partner's live at-risk flag (at most one), batched. */
export const tierFlagLoader = (ctx: PartnersContext) => ctx.loaders.oneBy(tierFlagRepo(ctx), 'partnerId');

export async function tierStatus(ctx: PartnersContext, partnerId: string): Promise<PartnerTierStatus> {
  const flag = await tierFlagLoader(ctx).load(partnerId);
  return {
    atRisk: flag !== null,
    reasons: flag?.reasons ?? [],
    dropsOn: flag?.dropsOn ?? null,
    flaggedOn: flag?.flaggedOn ?? null,
  };
}

export function tierHistory(
  ctx: PartnersContext,
  partnerId: string,
  args: ConnectionArgs,
): Promise<Connection<PartnerTierChange>> {
  return ctx.loaders.connection(tierChangeRepo(ctx), 'partnerId', args).load(partnerId);
}

/** Partners with a live at-risk flag (a partner user: only its own), filtered like `partners`. */
export async function partnersAtRisk(
  ctx: PartnersContext,
  args: ConnectionArgs,
  list: ListQueryArgs = {},
): Promise<Connection<Partner>> {
  return pagePartners(
    ctx,
    args,
    list,
    'EXISTS (SELECT 1 FROM prm.partner_tier_flags f WHERE f.partner_id = partner.id AND f.deleted_at IS NULL)',
  );
}

const toSpec = (rule: TierRule): TierRuleSpec => ({
  tier: rule.tier,
  minRevenue: rule.minRevenue,
  currency: rule.currency,
  minWinRate: rule.minWinRate,
  minAcceptanceRate: rule.minAcceptanceRate,
  requiredCourseIds: rule.requiredCourseIds,
  minCertifications: rule.minCertifications,
  reviewPeriodMonths: rule.reviewPeriodMonths,
  graceDays: rule.graceDays,
});

/**
 * Evaluates every ACTIVE partner against the tier rules (see `evaluateTier`) and records the
 * outcome: tier changes on the partner, the at-risk flag, and a history entry for each change
 * and flag, all in one transaction. The figures are read first: one scorecard statement for
 * every partner and review period, and ONE call to the CRM for the sums of all the partners' deals
 * (split only beyond its bound, see performance-figures.service.ts).
 */
export async function recomputePartnerTiers(
  ctx: PartnersContext,
  now = new Date(),
): Promise<TierRecomputeResult> {
  const today = todayUtc(now);
  const rules = (await tierRuleRepo(ctx).find()).map(toSpec);
  const ids = await activePartnerIds(ctx);
  const measures = await loadTierMeasures(ctx, ids, rules, today);

  return ctx.dataSource.transaction(async (manager) => {
    await lockRules(manager);
    // Still ACTIVE now (the lock holds other recomputes off; a tier set meanwhile is read fresh).
    const partners = await activePartnersIn(manager, ids);
    // Every live flag: those of partners no longer ACTIVE are lifted below.
    const flags = await manager.find(PartnerTierFlag);
    const changes: PartnerTierChange[] = [];
    const record = tierChangeRecorder(ctx, manager, now, changes);
    const atRisk: Partner[] = [];
    for (const partner of partners) {
      const flag = flags.find((f) => f.partnerId === partner.id) ?? null;
      const decision = evaluateTier({
        tier: partner.tier,
        flag,
        rules,
        measuresFor: (rule) => measures.get(`${partner.id}|${rule.reviewPeriodMonths}`)!,
        today,
      });
      await applyTierDecision(ctx, manager, { partner, flag, decision, today, record, atRisk });
    }
    await liftStaleFlags(manager, partners, flags, record);
    const saved = changes.length > 0 ? await manager.save(changes) : [];
    return { evaluated: partners.length, changes: saved, atRisk };
  });
}

/**
 * Each partner's measures for each review period the rules use (key `<partnerId>|<months>`):
 * one scorecard load and one figures load for every partner and period.
 */
async function loadTierMeasures(
  ctx: PartnersContext,
  ids: string[],
  rules: TierRuleSpec[],
  today: string,
): Promise<Map<string, TierMeasures>> {
  const months = [...new Set(rules.map((rule) => rule.reviewPeriodMonths))];
  const periods = new Map(months.map((m) => [m, trailingPeriod(m, today)]));
  const pairs = ids.flatMap((id) => months.map((m) => ({ id, period: periods.get(m)! })));
  const [cards, figures] = await Promise.all([
    scorecardLoader(ctx).loadMany(pairs.map((pair) => scorecardKey(pair.id, pair.period))),
    partnerFiguresLoader(ctx).loadMany(pairs.map((pair) => figuresKey(pair.id, pair.period))),
  ]);
  const measures = new Map<string, TierMeasures>();
  ids.forEach((id, p) => {
    months.forEach((m, j) => {
      const card = cards[p * months.length + j];
      if (card instanceof Error) throw card;
      const aggregates = figures[p * months.length + j];
      if (aggregates instanceof Error) throw aggregates;
      const sales = figuresOf(aggregates, false);
      measures.set(`${id}|${m}`, {
        revenue: Object.fromEntries(sales.byCurrency.map((row) => [row.currency, row.wonRevenue])),
        winRate: sales.winRate,
        acceptanceRate: card.leadAcceptanceRate,
        activeCertifications: card.activeCertifications,
        certifiedCourseIds: card.certifiedCourseIds,
      });
    });
  });
  return measures;
}

/** Records a history entry (to `changes`, saved at the end) for a partner's change or flag. */
type TierChangeRecorder = (partner: Partner, kind: TierChangeKind, from: PartnerTier, reason: string) => void;

function tierChangeRecorder(
  ctx: PartnersContext,
  manager: EntityManager,
  now: Date,
  changes: PartnerTierChange[],
): TierChangeRecorder {
  return (partner, kind, from, reason) => {
    changes.push(
      manager.create(PartnerTierChange, {
        partnerId: partner.id,
        kind,
        fromTier: from,
        toTier: partner.tier,
        reason,
        changedAt: now,
        changedBy: ctx.identity.sub,
        createdBy: ctx.identity.sub,
      }),
    );
  };
}

/** One evaluated partner: its flag (if any), what `evaluateTier` decided, and where to record it. */
interface TierOutcome {
  partner: Partner;
  flag: PartnerTierFlag | null;
  decision: ReturnType<typeof evaluateTier>;
  today: string;
  record: TierChangeRecorder;
  atRisk: Partner[];
}

/** Carries out one partner's decision: its tier, its at-risk flag and their history entries. */
async function applyTierDecision(
  ctx: PartnersContext,
  manager: EntityManager,
  { partner, flag, decision, today, record, atRisk }: TierOutcome,
): Promise<void> {
  const from = partner.tier;
  switch (decision.action) {
    case 'PROMOTE':
    case 'DEMOTE':
      await setPartnerTier(manager, partner, decision.to);
      if (flag) await manager.softRemove(flag);
      record(
        partner,
        decision.action === 'PROMOTE' ? TierChangeKind.PROMOTED : TierChangeKind.DEMOTED,
        from,
        decision.action === 'PROMOTE'
          ? decision.reason
          : `Still below the ${from} tier rule after the grace period: ${describeShortfalls(decision.reasons)}`,
      );
      break;
    case 'FLAG':
      if (flag) await manager.softRemove(flag);
      await manager.save(
        manager.create(PartnerTierFlag, {
          partnerId: partner.id,
          tier: partner.tier,
          reasons: decision.reasons,
          flaggedOn: today,
          dropsOn: decision.dropsOn,
          createdBy: ctx.identity.sub,
        }),
      );
      record(
        partner,
        TierChangeKind.FLAGGED_AT_RISK,
        from,
        `Below the ${from} tier rule: ${describeShortfalls(decision.reasons)}; drops on ${decision.dropsOn}`,
      );
      atRisk.push(partner);
      break;
    case 'KEEP_FLAG':
      if (JSON.stringify(flag!.reasons) !== JSON.stringify(decision.reasons)) {
        flag!.reasons = decision.reasons;
        await manager.save(flag!);
      }
      atRisk.push(partner);
      break;
    case 'UNFLAG':
      await manager.softRemove(flag!);
      record(partner, TierChangeKind.UNFLAGGED, from, `Meets the ${from} tier rule again`);
      break;
    case 'NONE':
      break;
  }
}

/** Lifts the flags of partners that were not evaluated (no longer ACTIVE), with a history entry. */
async function liftStaleFlags(
  manager: EntityManager,
  partners: Partner[],
  flags: PartnerTierFlag[],
  record: TierChangeRecorder,
): Promise<void> {
  const evaluated = new Set(partners.map((partner) => partner.id));
  const stale = flags.filter((flag) => !evaluated.has(flag.partnerId));
  if (stale.length > 0) {
    const inactive = await partnersIn(
      manager,
      stale.map((flag) => flag.partnerId),
    );
    for (const flag of stale) {
      const owner = inactive.find((partner) => partner.id === flag.partnerId)!;
      await manager.softRemove(flag);
      record(owner, TierChangeKind.UNFLAGGED, owner.tier, `Partner is ${owner.status}, no longer evaluated`);
    }
  }
}
