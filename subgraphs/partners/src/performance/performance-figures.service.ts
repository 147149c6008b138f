import { partnerLeadIdsOf, sourcedDealIdsOf } from '../attribution';
import type { PartnersContext } from '../context.type';
import type { CrmDealAggregate, CrmSlot } from '../crm';
import {
  performanceFromAggregates,
  type PerformanceFigures,
  type Period,
  validatePeriod,
} from './performance.rules';
import type { PartnerPerformance } from './performance.entity';
import { partnersWithPendingAttributions } from '../attribution';
import { NotFoundError } from '@sales-graph/shared/errors';
import { visiblePartnerId } from '../partners';
import { groupBy } from '@sales-graph/shared/group-by';

/** Ids (deals plus leads) per CRM call: the CRM's bound (`MAX_FACT_IDS`), about 0.9 MB of body. */
export const IDS_PER_CALL = 40_000;
/** Periods per CRM call (the CRM's `MAX_FACT_PERIODS`). */
export const PERIODS_PER_CALL = 16;

/** The loader key of a partner's sales figures for a period. */
export const figuresKey = (partnerId: string, period: Period): string =>
  `${partnerId}|${period.from}|${period.to}`;

/** What the CRM summed for one partner and period: one row per currency it has a deal in. */
export interface PartnerAggregates {
  rows: CrmDealAggregate[];
}

/** A partner's figures from its aggregates: with its influenced deals (performance) or sourced only. */
export const figuresOf = (aggregates: PartnerAggregates, withInfluenced: boolean): PerformanceFigures =>
  performanceFromAggregates(aggregates.rows, withInfluenced);

/** Slots per CRM call (the CRM's `MAX_FACT_SLOTS`). */
export const SLOTS_PER_CALL = 1_000;

/**
 * Consecutive groups of `items` whose `size` adds up to at most `bound` (an item above it alone),
 * at most `most` items each.
 */
function groups<T>(items: readonly T[], size: (item: T) => number, bound: number, most = Infinity): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const item of items) {
    if (current.length && (total + size(item) > bound || current.length >= most)) {
      out.push(current);
      current = [];
      total = 0;
    }
    current.push(item);
    total += size(item);
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * Every (partner, period) pair of a request, for `performance`, the scorecard's sales fields and
 * tier reviews alike: one PRM statement (two more only for partners with changes in flight) and
 * ONE call to the CRM, which sums the deals in SQL
 * per partner, period and currency. A partner whose attribution changes the CRM has applied
 * (no undelivered `crm.partnerAttributions` message: the first statement) is sent as its id only:
 * the CRM reads its deals and leads from its projection (`crm.partner_attributions`). A partner
 * with changes in flight is sent as its attributed ids, read here (the other two statements, for
 * those partners only), 16 bytes each, as before the projection: the answer is the same either
 * way, and never waits for the projection. Only a batch beyond `IDS_PER_CALL` ids,
 * `SLOTS_PER_CALL` partners or `PERIODS_PER_CALL` periods is split, by whole partners, into
 * concurrent calls.
 *
 * A partner user (row-scoped) reads only its own partner, and of the CRM deals only those its
 * partner sourced: the deals its leads became are readable only when sourced, and those never
 * count as influenced. So a scoped caller's influenced figures are empty, and its leads are not sent.
 */
export const partnerFiguresLoader = (ctx: PartnersContext) =>
  ctx.loaders.get<string, PartnerAggregates>('Partner.salesFigures', async (keys) => {
    const parsed = keys.map((key) => {
      const [partnerId, from, to] = key.split('|');
      return { partnerId, period: `${from}|${to}`, from, to };
    });
    const partnerIds = [...new Set(parsed.map((key) => key.partnerId))];
    const periodKeys = [...new Set(parsed.map((key) => key.period))];
    const periods = periodKeys.map((key) => {
      const [from, to] = key.split('|');
      return { from, to };
    });
    const pending = await partnersWithPendingAttributions(ctx.dataSource, partnerIds);
    const byIds = partnerIds.filter((id) => pending.has(id));
    // A row-scoped caller's partners: those it may read (its own), like the attributions below.
    const readable = ctx.scope.scoped
      ? await ctx.scope.readableIds(
          'Partner',
          partnerIds.filter((id) => !pending.has(id)),
        )
      : null;
    // Only the partners with changes in flight are sent as their ids (none, usually: no statement).
    const [dealRows, leadRows] = await Promise.all([
      sourcedDealIdsOf(ctx, byIds),
      ctx.scope.scoped ? Promise.resolve([]) : partnerLeadIdsOf(ctx, byIds),
    ]);
    const slots = new Map<string, { dealIds: Set<string>; leadIds: Set<string> }>(
      partnerIds.map((id) => [id, { dealIds: new Set(), leadIds: new Set() }]),
    );
    for (const row of dealRows) slots.get(row.partnerId)?.dealIds.add(row.dealId);
    for (const row of leadRows) {
      for (const partnerId of new Set([row.assignedPartnerId, row.referredByPartnerId])) {
        if (partnerId) slots.get(partnerId)?.leadIds.add(row.leadId);
      }
    }
    const all = partnerIds.map((id) => {
      const slot = slots.get(id)!;
      const projected = !pending.has(id) && (readable === null || readable.has(id));
      return {
        id,
        slot: {
          dealIds: [...slot.dealIds],
          leadIds: [...slot.leadIds],
          ...(projected ? { partnerId: id } : {}),
        } as CrmSlot,
      };
    });
    const withIds = all.filter((p) => p.slot.partnerId || p.slot.dealIds.length + p.slot.leadIds.length > 0);
    const size = (p: (typeof all)[number]) => p.slot.dealIds.length + p.slot.leadIds.length;
    const answers = await Promise.all(
      groups(withIds, size, IDS_PER_CALL, SLOTS_PER_CALL).flatMap((partners) =>
        groups(periods, () => 1, PERIODS_PER_CALL).map(async (somePeriods) => {
          const answer = await ctx.crm.dealAggregates(
            partners.map((p) => p.slot),
            somePeriods,
            { sourcedOnly: ctx.scope.scoped },
          );
          return answer.map((row) => ({
            key: figuresKey(partners[row.slot].id, somePeriods[row.period]),
            row,
          }));
        }),
      ),
    );
    const rows = groupBy(answers.flat(), (keyed) => keyed.key);
    return parsed.map((key) => ({
      rows: (rows.get(figuresKey(key.partnerId, key)) ?? []).map((keyed) => keyed.row),
    }));
  });

/** `Partner.performance(period)`: the partner's figures in a valid period, from the batched CRM sums. */
export async function partnerPerformance(
  ctx: PartnersContext,
  partnerId: string,
  period: Period,
): Promise<PartnerPerformance> {
  // As the scorecard and tier fields: a partner user reads only its own partner's figures.
  if (!visiblePartnerId(ctx, partnerId)) throw new NotFoundError('Partner', partnerId);
  const valid = validatePeriod(period);
  const aggregates = await partnerFiguresLoader(ctx).load(figuresKey(partnerId, valid));
  return { ...valid, ...figuresOf(aggregates, true) };
}
