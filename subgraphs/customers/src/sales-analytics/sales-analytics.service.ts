import { fieldPolicy } from '@sales-graph/shared/graphql/filters';
import { converter } from '../exchange-rates';
import { convertRows, SalesAnalyticsConverted } from './sales-analytics.convert';
import type { RequestContext } from '@sales-graph/shared/context';
import { BadUserInputError, ForbiddenError } from '@sales-graph/shared/errors';
import type { CustomersContext } from '../access';
import {
  DealFilter,
  dealFilterFor,
  dealStageIdSql,
  DealStage,
  readableDeals,
  STAGE_PROBABILITY,
} from '../deals';
import { allStages, type ForecastCategory } from '../pipelines';
import { partnerStub, SalesChannel } from '../partner-deals';
import { joinOwnerTeam } from '../users';
import { mergeParts, stagePercents, type RowKeys, type SalesPart } from './sales-analytics.rules';
import { bucketSql } from '../migrations/1764232800001-CrmSalesAnalyticsStatistics';
import {
  SalesAnalytics,
  SalesAnalyticsRow,
  SalesDimension,
  type SalesTimeBucketInput,
} from './sales-analytics.types';

/** Dimensions one query may group by, besides CURRENCY (which every row has). */
export const MAX_SALES_DIMENSIONS = 4;
/** Rows one answer may hold; more is BAD_USER_INPUT (group by less, or filter). */
export const MAX_SALES_ROWS = 10_000;
/**
 * (group, configured stage, currency) parts the statement may answer before the rows are merged
 * (a group splits into as many parts as the stages its deals are in).
 */
const MAX_PARTS = MAX_SALES_ROWS * 24 + 100;

const PERCENTS = stagePercents(STAGE_PROBABILITY);

/** The row key each dimension fills. */
const KEY_OF: Record<Exclude<SalesDimension, SalesDimension.CURRENCY>, keyof RowKeys> = {
  [SalesDimension.STAGE]: 'stage',
  [SalesDimension.CHANNEL]: 'channel',
  [SalesDimension.PARTNER]: 'partnerId',
  [SalesDimension.PARTNER_TIER]: 'partnerTier',
  [SalesDimension.OWNER]: 'ownerId',
  [SalesDimension.REGION]: 'region',
  [SalesDimension.INDUSTRY]: 'industry',
  [SalesDimension.TIME_BUCKET]: 'periodStart',
  [SalesDimension.TEAM]: 'teamId',
  [SalesDimension.PIPELINE]: 'pipelineId',
  [SalesDimension.PIPELINE_STAGE]: 'pipelineStageId',
  [SalesDimension.FORECAST_CATEGORY]: 'forecastCategory',
};

/** The field a dimension reveals, which the caller must be allowed to read (and filter by). */
const FIELD_OF: Partial<Record<SalesDimension, [typeName: string, property: string]>> = {
  [SalesDimension.OWNER]: ['Deal', 'ownerId'],
  [SalesDimension.TEAM]: ['Deal', 'ownerId'],
  [SalesDimension.REGION]: ['Customer', 'region'],
  [SalesDimension.INDUSTRY]: ['Customer', 'industry'],
  [SalesDimension.FORECAST_CATEGORY]: ['PipelineStage', 'forecastCategory'],
};

export interface SalesAnalyticsArgs {
  filter?: DealFilter | null;
  groupBy: SalesDimension[];
  timeBucket?: SalesTimeBucketInput | null;
}

function validated(ctx: RequestContext, args: SalesAnalyticsArgs): SalesDimension[] {
  const dimensions = args.groupBy;
  if (new Set(dimensions).size !== dimensions.length)
    throw new BadUserInputError('groupBy must not name a dimension twice', 'groupBy');
  const grouped = dimensions.filter((dimension) => dimension !== SalesDimension.CURRENCY);
  if (grouped.length > MAX_SALES_DIMENSIONS)
    throw new BadUserInputError(
      `At most ${MAX_SALES_DIMENSIONS} dimensions besides CURRENCY at a time`,
      'groupBy',
    );
  const bucketed = dimensions.includes(SalesDimension.TIME_BUCKET);
  if (bucketed && !args.timeBucket)
    throw new BadUserInputError('TIME_BUCKET needs timeBucket (field and unit)', 'timeBucket');
  if (!bucketed && args.timeBucket)
    throw new BadUserInputError('timeBucket is given but groupBy has no TIME_BUCKET', 'timeBucket');
  for (const dimension of dimensions) {
    const field = FIELD_OF[dimension];
    if (field && !fieldPolicy(ctx.identity, field[0]).allows(field[1]))
      throw new ForbiddenError(`Role ${ctx.identity.role} may not group deals by ${dimension}`);
  }
  return dimensions.includes(SalesDimension.CURRENCY) ? dimensions : [...dimensions, SalesDimension.CURRENCY];
}

const NO_KEYS: RowKeys = {
  stage: null,
  channel: null,
  partnerId: null,
  partnerTier: null,
  ownerId: null,
  region: null,
  industry: null,
  periodStart: null,
  pipelineId: null,
  pipelineStageId: null,
  forecastCategory: null,
};

interface PartRow {
  stage: DealStage;
  stage_id: string;
  currency: string;
  channel: SalesChannel | null;
  partner_id: string | null;
  owner_id: string | null;
  region: string | null;
  industry: string | null;
  period_start: string | null;
  team_id: string | null;
  n: number;
  amount: string;
  won_cycle_ms: string | null;
}

/**
 * `salesAnalytics`: the deals the caller may read (its row scope) that match `filter`, grouped
 * by `groupBy` and currency, in ONE statement (one GROUP BY; the per-currency totals are the
 * groups added up). Each group comes back split by stage, so that the weighted amount, won
 * amount and win rate follow exactly from the stage (`mergeParts`). Channel and partner are the
 * deal's own columns (kept from the attribution projection, README "Sales analytics"). Partner
 * tier is the PRM's: ONE batched call for the partners in the answer, then the partners' rows
 * merge per tier. A partner user sees only the deals its partner sourced: their channel is
 * PARTNER_SOURCED and their partner itself, whatever the projection holds yet.
 */
export async function salesAnalytics(ctx: RequestContext, args: SalesAnalyticsArgs): Promise<SalesAnalytics> {
  const { dimensions, parts } = await salesParts(ctx, args);
  const order = dimensions
    .filter((dimension) => dimension !== SalesDimension.CURRENCY)
    .map((dimension) => KEY_OF[dimension as Exclude<SalesDimension, SalesDimension.CURRENCY>]);
  const rows = mergeParts(parts, PERCENTS, order);
  if (rows.length > MAX_SALES_ROWS)
    throw new BadUserInputError(`More than ${MAX_SALES_ROWS} groups: group by less or filter`, 'groupBy');
  const totals = mergeParts(
    parts.map((part) => ({ ...part, keys: NO_KEYS })),
    PERCENTS,
    [],
  );
  const answer = (row: ReturnType<typeof mergeParts>[number]): SalesAnalyticsRow => {
    const { partnerId, ...rest } = row;
    return Object.assign(new SalesAnalyticsRow(), rest, {
      partner: partnerId ? partnerStub(partnerId) : null,
    });
  };
  return Object.assign(new SalesAnalytics(), {
    groupedBy: dimensions,
    rows: rows.map(answer),
    totals: totals.map(answer),
  });
}

/**
 * Parts merged into rows exactly (integer cents, the weighted amount rounded half to even once
 * per row), keyed and ordered by `order`: what another module that reads `salesParts` adds up
 * its own way (forecasts/: per forecast category, and per owner and category).
 */
export const mergeSalesParts = (parts: Iterable<SalesPart>, order: readonly (keyof RowKeys)[]) =>
  mergeParts(parts, PERCENTS, order);

/**
 * The one GROUP BY of `salesAnalytics`, as parts (group, configured stage, currency) before they
 * are merged into rows: the deals the caller may read that match `filter`, grouped by `groupBy`.
 */
export async function salesParts(
  ctx: RequestContext,
  args: SalesAnalyticsArgs,
): Promise<{ dimensions: SalesDimension[]; parts: SalesPart[] }> {
  const dimensions = validated(ctx, args);
  const has = (dimension: SalesDimension) => dimensions.includes(dimension);
  const partnerCaller = ctx.scope.scoped;
  // The deals' own selection: the list's filter and search, and the caller's row scope.
  const qb = await readableDeals(ctx, await dealFilterFor(ctx, args.filter));

  const keys: [alias: string, sql: string][] = [];
  if (has(SalesDimension.CHANNEL))
    keys.push(['channel', partnerCaller ? `'${SalesChannel.PARTNER_SOURCED}'::text` : `"deal"."channel"`]);
  if (has(SalesDimension.PARTNER) || has(SalesDimension.PARTNER_TIER)) {
    if (partnerCaller) qb.setParameter('own_partner', ctx.identity.partnerId);
    keys.push(['partner_id', partnerCaller ? `CAST(:own_partner AS uuid)` : `"deal"."channel_partner_id"`]);
  }
  if (has(SalesDimension.OWNER)) keys.push(['owner_id', `"deal"."owner_id"`]);
  if (has(SalesDimension.TEAM)) {
    // The owner's team now (the users' join): one hash join of our (few) users, still one statement.
    keys.push(['team_id', joinOwnerTeam(qb, `"deal"."owner_id"`)]);
  }
  // The live customer's, kept on the deal (migration CrmDealCustomerSegment): no join.
  if (has(SalesDimension.REGION)) keys.push(['region', `"deal"."customer_region"`]);
  if (has(SalesDimension.INDUSTRY)) keys.push(['industry', `"deal"."customer_industry"`]);
  if (args.timeBucket)
    keys.push([
      'period_start',
      // A date (answered as YYYY-MM-DD text by the driver), the expression the planner has
      // statistics on (migration CrmSalesAnalyticsStatistics).
      bucketSql(args.timeBucket.field, args.timeBucket.unit, '"deal"'),
    ]);
  // Every part is one configured stage: its probability weights it, and it keys PIPELINE,
  // PIPELINE_STAGE and FORECAST_CATEGORY (from the stages, in memory: no join).
  const stageId = dealStageIdSql('"deal"');
  const always = [`"deal"."stage"`, stageId, `"deal"."currency"`];

  qb.select(`"deal"."stage"`, 'stage')
    .addSelect(stageId, 'stage_id')
    .addSelect(`"deal"."currency"`, 'currency');
  for (const [alias, sql] of keys) qb.addSelect(sql, alias);
  qb.addSelect('count(*)::int', 'n')
    .addSelect(`sum("deal"."amount")::text`, 'amount')
    .addSelect(
      `(sum((extract(epoch FROM "deal"."closed_at" - "deal"."created_at") * 1000)::bigint)
        FILTER (WHERE "deal"."stage" = '${DealStage.CLOSED_WON}'))::text`,
      'won_cycle_ms',
    );
  // One plain GROUP BY (a hash aggregate): the totals are the groups added up, exactly.
  qb.groupBy([...keys.map(([, sql]) => sql), ...always].join(', ')).limit(MAX_PARTS + 1);
  const raw = (await qb.getRawMany()) as PartRow[];
  if (raw.length > MAX_PARTS)
    throw new BadUserInputError(`More than ${MAX_SALES_ROWS} groups: group by less or filter`, 'groupBy');

  const aliases = new Set(keys.map(([alias]) => alias));
  const value = <T>(row: PartRow, alias: keyof PartRow): T | null =>
    aliases.has(alias) ? (row[alias] as T) : null;
  const tiers = has(SalesDimension.PARTNER_TIER)
    ? await partnerTiers(
        ctx,
        raw.map((row) => row.partner_id),
      )
    : new Map<string, string>();
  const stages = await allStages(ctx);
  const toPart = (row: PartRow): SalesPart => {
    const partnerId = value<string>(row, 'partner_id');
    const stage = stages.get(row.stage_id);
    return {
      keys: {
        stage: has(SalesDimension.STAGE) ? row.stage : null,
        channel: value<SalesChannel>(row, 'channel'),
        partnerId: has(SalesDimension.PARTNER) ? partnerId : null,
        partnerTier: has(SalesDimension.PARTNER_TIER) && partnerId ? (tiers.get(partnerId) ?? null) : null,
        ownerId: value<string>(row, 'owner_id'),
        region: value<string>(row, 'region'),
        industry: value<string>(row, 'industry'),
        periodStart: value<string>(row, 'period_start'),
        ...(has(SalesDimension.TEAM) ? { teamId: value<string>(row, 'team_id') } : {}),
        pipelineId: has(SalesDimension.PIPELINE) ? (stage?.pipelineId ?? null) : null,
        pipelineStageId: has(SalesDimension.PIPELINE_STAGE) ? row.stage_id : null,
        forecastCategory: has(SalesDimension.FORECAST_CATEGORY)
          ? ((stage?.forecastCategory as ForecastCategory | undefined) ?? null)
          : null,
      },
      percent: stage ? BigInt(stage.probability) : undefined,
      stage: row.stage,
      currency: row.currency.trim(),
      dealCount: row.n,
      amount: row.amount,
      wonCycleMs: row.won_cycle_ms,
    };
  };
  return { dimensions, parts: raw.map(toPart) };
}

/** `salesAnalytics(convert:)`: the answer as it is, plus its groups converted (the request's rates loader). */
export async function convertedSalesAnalytics(
  ctx: RequestContext,
  answer: SalesAnalytics,
  convert: { currency: string; at: string },
): Promise<SalesAnalyticsConverted> {
  const currencies = answer.totals.map((row) => row.currency);
  const using = await converter(ctx, convert, currencies);
  const rows = convertRows(answer.rows, using);
  const totals = convertRows(answer.totals, using);
  return Object.assign(new SalesAnalyticsConverted(), {
    currency: using.currency,
    at: using.at,
    rows,
    totals,
    rates: using.used(),
  });
}

/** Tiers of the partners among `ids`, in ONE call to the PRM. */
async function partnerTiers(
  ctx: RequestContext,
  ids: readonly (string | null)[],
): Promise<Map<string, string>> {
  const partnerIds = [...new Set(ids.filter((id): id is string => id !== null))].sort();
  if (partnerIds.length === 0) return new Map();
  const tiers = await (ctx as CustomersContext).prm.partnerTiers(partnerIds);
  return new Map(tiers.map((row) => [row.partnerId, row.tier]));
}
