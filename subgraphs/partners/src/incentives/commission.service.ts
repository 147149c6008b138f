import { listPage } from '@sales-graph/shared/graphql/list-page';
import { BadUserInputError, ServiceUnavailableError } from '@sales-graph/shared/errors';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { parseCurrency } from '@sales-graph/shared/graphql/scalars';
import {
  DEAL_PARTNER_ROLES,
  dealAttributionLoader,
  dealPartners,
  DealPartnerRole,
  type DealRef,
} from '../attribution';
import type { PartnersContext } from '../context.type';
import { CRM_DEAL } from '../access';
import type { CrmDeal } from '../crm';
import {
  type CommissionFamilyPart,
  CommissionPayout,
  CommissionPlan,
  type CommissionStatement,
  type DealCommission,
} from './commission.entity';
import { COMMISSION_PAYOUT_LIST, CommissionPlanFilter } from './commission.filter';
import { validatePeriod, type Period, partnerDealsLoader, WON } from '../performance';
import { findPartner, getPartner, lockPartner, type Partner } from '../partners';
import type { SetCommissionPlanInput } from './commission.input';
import {
  fourDecimalRate,
  parseCommissionRate,
  statementLines,
  statementTotals,
  dealCommission,
  dealLinesOf,
  type DealLine,
  type Earned,
  parseFamilyRates,
  parseRoleShares,
  roleShare,
} from './commission.rules';
import { fromCents, toCents, optionalNonNegativeAmount } from '@sales-graph/shared/money';

export const planRepo = (ctx: PartnersContext) => ctx.dataSource.getRepository(CommissionPlan);
export const payoutRepo = (ctx: PartnersContext) => ctx.dataSource.getRepository(CommissionPayout);

/**
 * Commission payouts for BI and finance: every partner's for internal roles, a partner user's
 * own only (the row scope, ANDed outside its filter), in creation order unless `orderBy` says.
 */
export async function listCommissionPayouts(
  ctx: PartnersContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<CommissionPayout>> {
  const repo = payoutRepo(ctx);
  return listPage(ctx, repo, repo.createQueryBuilder('payout'), COMMISSION_PAYOUT_LIST, args, query);
}

/** The live plan of each tier asked for in the request, in one statement. */
export const planByTierLoader = (ctx: PartnersContext) => ctx.loaders.oneBy(planRepo(ctx), 'tier');

const periodKey = (partnerId: string, period: Period) => `${partnerId}|${period.from}|${period.to}`;

/** The payout of each (partner, period) asked for in the request, in one statement. */
export const payoutByPeriodLoader = (ctx: PartnersContext) =>
  ctx.loaders.get<string, CommissionPayout | null>('CommissionPayout.byPeriod', async (keys) => {
    const parts = keys.map((key) => key.split('|'));
    const rows = await (
      await ctx.scope.query(payoutRepo(ctx), 'payout')
    )
      .andWhere(
        '(payout.partner_id, payout.period_from, payout.period_to) IN ' +
          '(SELECT * FROM unnest(CAST(:partners AS uuid[]), CAST(:froms AS date[]), CAST(:tos AS date[])))',
        { partners: parts.map((p) => p[0]), froms: parts.map((p) => p[1]), tos: parts.map((p) => p[2]) },
      )
      .getMany();
    const byKey = new Map(rows.map((row) => [`${row.partnerId}|${row.periodFrom}|${row.periodTo}`, row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });

/**
 * Sets a tier's plan (replacing it as a whole, audited through the entity). Family rates are
 * checked against the CRM catalogue's families in one call (only when there are any): an unknown
 * family is BAD_USER_INPUT naming `familyRates`, so a misspelt family cannot silently earn the
 * tier's rate.
 */
export async function setCommissionPlan(
  ctx: PartnersContext,
  input: SetCommissionPlanInput,
): Promise<CommissionPlan> {
  // Shape first (no CRM call for a malformed list), then the families against the catalogue.
  const named = parseFamilyRates(input.familyRates) !== null;
  const familyRates = named ? parseFamilyRates(input.familyRates, await catalogueFamilies(ctx)) : null;
  const values = {
    familyRates,
    tier: input.tier,
    rate: fourDecimalRate(parseCommissionRate(input.rate)),
    capPerDeal: optionalNonNegativeAmount(input.capPerDeal, 'capPerDeal'),
    capPerPeriod: optionalNonNegativeAmount(input.capPerPeriod, 'capPerPeriod'),
    currency: parseCurrency(input.currency),
    roleShares: parseRoleShares(input.roleShares),
  };
  return ctx.dataSource.transaction(async (manager) => {
    // Serialises concurrent changes to one tier's plan (the unique index is the backstop).
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('prm.commission_plans'), hashtext($1))`, [
      values.tier,
    ]);
    const current = await manager.findOne(CommissionPlan, { where: { tier: values.tier } });
    if (current) return manager.save(Object.assign(current, values));
    return manager.save(manager.create(CommissionPlan, { ...values, createdBy: ctx.identity.sub }));
  });
}

async function catalogueFamilies(ctx: PartnersContext): Promise<string[]> {
  if (!ctx.crm.catalogueFamilies) throw new ServiceUnavailableError('The CRM catalogue cannot be reached');
  return ctx.crm.catalogueFamilies();
}

/** The per-family parts of a commission as the graph answers them (empty without line items). */
export function familyParts(earned: Earned): CommissionFamilyPart[] {
  return (earned.byFamily ?? []).map((part) => ({
    family: part.family,
    amount: fromCents(part.amountCents),
    rate: part.rate,
    commission: fromCents(part.cents),
  }));
}

/**
 * The line items of each CRM deal asked for in a request (`Deal.commission`, `commissionBreakdown`),
 * in ONE call to the CRM however many deals: a partner user gets only the deals it may read (the
 * row scope), others nothing (no lines: the tier's rate on the amount).
 */
export const dealLinesLoader = (ctx: PartnersContext) =>
  ctx.loaders.get<string, DealLine[]>('CrmDeal.lines', async (ids) => {
    const facts = await ctx.crm.dealFacts([...ids], [], { lineItems: true });
    const deals = [...facts.deals.values()];
    const readable = new Set(
      (ctx.scope.scoped ? await ctx.scope.filter(CRM_DEAL, deals) : deals).map((deal) => deal.id),
    );
    return ids.map((id) => {
      const deal = facts.deals.get(id);
      return deal && readable.has(id) ? dealLinesOf(deal) : [];
    });
  });

/** Per request (its loaders): the partners whose deals' facts it reads whole, for their statements. */
const partnersReadWhole = new WeakMap<object, Set<string>>();

/** A partner's deals with their CRM facts (`partnerDealsLoader`), noted as read by this request. */
function partnerDealsOf(ctx: PartnersContext, partnerId: string) {
  let read = partnersReadWhole.get(ctx.loaders);
  if (!read) partnersReadWhole.set(ctx.loaders, (read = new Set()));
  read.add(partnerId);
  return partnerDealsLoader(ctx).load(partnerId);
}

/**
 * The line items of a won deal in which a partner plays a part. When the request reads that
 * partner's deals whole (its statement, e.g. `deal { commission sourcedBy { commissionStatement } }`),
 * from those facts: one CRM call, not two. Otherwise from `dealLinesLoader`, one call for the deals
 * asked only (not every deal of their partners: on `sales_large` a page of 100 won deals would ask
 * for some 16,000, past the CRM's request body limit). Either way through the row scope.
 */
async function dealLines(ctx: PartnersContext, partnerId: string, dealId: string): Promise<DealLine[]> {
  if (!partnersReadWhole.get(ctx.loaders)?.has(partnerId)) return dealLinesLoader(ctx).load(dealId);
  const deal = dealsById(await partnerDealsLoader(ctx).load(partnerId)).get(dealId);
  return deal ? dealLinesOf(deal) : [];
}

type PartnerDeals = Awaited<ReturnType<ReturnType<typeof partnerDealsLoader>['load']>>;
const byIdOf = new WeakMap<PartnerDeals, Map<string, PartnerDeals['sourced'][number]>>();

/** A partner's deals (sourced, then those it plays a part in) by id, built once per loaded facts. */
function dealsById(facts: PartnerDeals): Map<string, PartnerDeals['sourced'][number]> {
  let byId = byIdOf.get(facts);
  if (!byId) {
    byId = new Map(facts.parts.map((part) => [part.deal.id, part.deal] as const));
    for (const deal of facts.sourced) byId.set(deal.id, deal);
    byIdOf.set(facts, byId);
  }
  return byId;
}

/**
 * A partner's statement for a period, from the current state in the CRM of the deals it sourced
 * as primary and of those it plays another part in that its plan pays a share to.
 */
export async function commissionStatement(
  ctx: PartnersContext,
  partner: Partner,
  input: Period,
): Promise<CommissionStatement> {
  const period = validatePeriod(input);
  const [plan, crmDeals, payout] = await Promise.all([
    planByTierLoader(ctx).load(partner.tier),
    partnerDealsOf(ctx, partner.id),
    payoutByPeriodLoader(ctx).load(periodKey(partner.id, period)),
  ]);
  // Each deal with its line items (earning per product family), read in the same one CRM call.
  const priced = (deal: CrmDeal) => ({ ...deal, lines: dealLinesOf(deal) });
  const deals = {
    sourced: crmDeals.sourced.map(priced),
    parts: crmDeals.parts.map((part) => ({ ...part, deal: priced(part.deal) })),
  };
  // The deals it sourced as primary (SOURCED share), and each other part its plan pays a share of.
  const lines = [
    ...statementLines(deals.sourced, plan, period).map((line) => ({
      ...line,
      role: DealPartnerRole.SOURCED,
    })),
    ...deals.parts
      // The SOURCED share is the primary's alone (a co-sourcing partner is credited, not paid), so
      // a deal never pays more than its plan's shares.
      .filter(
        (part) =>
          part.role !== DealPartnerRole.SOURCED && plan !== null && roleShare(plan, part.role) !== '0.0000',
      )
      .flatMap((part) =>
        statementLines([part.deal], plan, period, part.role).map((line) => ({ ...line, role: part.role })),
      ),
  ].sort(
    (a, b) =>
      a.deal.closedAt!.localeCompare(b.deal.closedAt!) ||
      a.deal.id.localeCompare(b.deal.id) ||
      DEAL_PARTNER_ROLES.indexOf(a.role) - DEAL_PARTNER_ROLES.indexOf(b.role),
  );
  return {
    ...period,
    currency: plan?.currency ?? null,
    rate: plan?.rate ?? null,
    lines: lines.map(({ deal, earned, role }) => ({
      deal: { id: deal.id },
      role,
      dealAmount: fromCents(toCents(deal.amount)),
      closedAt: new Date(deal.closedAt!),
      commission: fromCents(earned.cents),
      capped: earned.capped,
      byFamily: familyParts(earned),
    })),
    ...statementTotals(
      lines.map((line) => line.earned.cents),
      plan,
      payout?.amount ?? null,
    ),
    payout,
  };
}

/**
 * Pays a partner's statement for a period: snapshots its total into the one payout of that
 * partner and period. Asking again returns the same payout; a period overlapping another paid
 * one is refused, so no deal is paid twice.
 */
export async function recordCommissionPayout(
  ctx: PartnersContext,
  partnerId: string,
  input: Period,
): Promise<CommissionPayout> {
  const partner = await getPartner(ctx, partnerId);
  const period = validatePeriod(input);
  const existing = await payoutByPeriodLoader(ctx).load(periodKey(partner.id, period));
  if (existing) return existing;
  const statement = await commissionStatement(ctx, partner, period);
  if (!statement.currency) {
    throw new BadUserInputError(`No commission plan for tier ${partner.tier}`, 'partnerId');
  }
  if (toCents(statement.total) <= 0n) {
    throw new BadUserInputError('Nothing to pay for this period', 'period');
  }
  return ctx.dataSource.transaction(async (manager) => {
    // One payout decision per partner at a time (the partners module's lock of its row).
    await lockPartner(ctx, manager, partner.id);
    const paid = await manager
      .getRepository(CommissionPayout)
      .createQueryBuilder('payout')
      .where('payout.partner_id = :partner', { partner: partner.id })
      .andWhere('payout.period_from <= :to AND payout.period_to >= :from', period)
      .getMany();
    const same = paid.find((row) => row.periodFrom === period.from && row.periodTo === period.to);
    if (same) return same;
    if (paid.length > 0) {
      throw new BadUserInputError(
        `The period overlaps the paid period ${paid[0].periodFrom} to ${paid[0].periodTo}`,
        'period',
      );
    }
    return manager.save(
      manager.create(CommissionPayout, {
        partnerId: partner.id,
        periodFrom: period.from,
        periodTo: period.to,
        amount: statement.total,
        currency: statement.currency!,
        dealCount: statement.lines.length,
        createdBy: ctx.identity.sub,
      }),
    );
  });
}

/** `commissionPlans(filter, orderBy)`: one page, in creation order unless `orderBy` says otherwise. */
export async function listCommissionPlans(
  ctx: PartnersContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<CommissionPlan>> {
  const repo = planRepo(ctx);
  const qb = repo.createQueryBuilder('plan');
  const spec = { typeName: 'CommissionPlan', filterType: CommissionPlanFilter, searchIn: [] };
  return listPage(ctx, repo, qb, spec, args, query);
}

/**
 * What the sourcing partner earns on a CRM deal while it is CLOSED_WON under its tier's plan (the
 * SOURCED share); null for a direct deal, an open or lost deal, a deal outside the plan's
 * currency, and (through `findPartner`, which reads through the row scope) for a partner user,
 * another partner's deal.
 */
export async function dealCommissionOf(ctx: PartnersContext, deal: DealRef): Promise<DealCommission | null> {
  if (!deal.stage || !deal.amount || !deal.currency) return null;
  const attribution = await dealAttributionLoader(ctx).load(deal.id);
  return attribution ? partCommission(ctx, deal, attribution.partnerId, DealPartnerRole.SOURCED, true) : null;
}

/** What one partner earns on a deal in one role, under its own tier's plan (null: nothing). */
async function partCommission(
  ctx: PartnersContext,
  deal: DealRef,
  partnerId: string,
  role: DealPartnerRole,
  primary: boolean,
): Promise<DealCommission | null> {
  const partner = await findPartner(ctx, partnerId);
  if (!partner) return null;
  const plan = await planByTierLoader(ctx).load(partner.tier);
  if (!plan || deal.stage !== WON || deal.currency !== plan.currency) return null;
  // Only a deal that earns is asked of the CRM for its lines (batched across the request's deals),
  // unless the request reads its partner's deals anyway.
  const lines = await dealLines(ctx, partnerId, deal.id);
  const earned = dealCommission(
    { stage: deal.stage, amount: deal.amount!, currency: deal.currency, lines },
    plan,
    role,
  );
  if (!earned) return null;
  return {
    partner,
    role,
    primary,
    share: roleShare(plan, role),
    rate: plan.rate,
    amount: fromCents(earned.cents),
    currency: plan.currency,
    capped: earned.capped,
    byFamily: familyParts(earned),
  };
}

/**
 * The commission of every partner of a won deal, each its role's share under its own tier's plan
 * (the primary first); a partner user sees only its own parts. Batched: the deal's partners, their
 * partners and plans through the request's loaders.
 */
export async function dealCommissionBreakdown(
  ctx: PartnersContext,
  deal: DealRef,
): Promise<DealCommission[]> {
  if (!deal.stage || !deal.amount || !deal.currency) return [];
  const primary = dealAttributionLoader(ctx);
  const parts = await dealPartners(ctx, deal.id, (id) => primary.load(id));
  const lines = await Promise.all(
    parts
      // The SOURCED share is the primary's alone: a co-sourcing partner is credited, not paid.
      .filter((part) => part.primary || part.role !== DealPartnerRole.SOURCED)
      .map((part) => partCommission(ctx, deal, part.partnerId, part.role, part.primary)),
  );
  return lines.filter((line): line is DealCommission => line !== null);
}
