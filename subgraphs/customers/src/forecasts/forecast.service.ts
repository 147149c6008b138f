import type { RequestContext } from '@sales-graph/shared/context';
import { BadUserInputError, isUuid } from '@sales-graph/shared/errors';
import { fromCents, toCents } from '@sales-graph/shared/money';
import { DealStage, type DealFilter } from '../deals';
import { converter, type Converter } from '../exchange-rates';
import { ForecastCategory } from '../pipelines';
import { mergeSalesParts, salesParts, SalesDimension, type SalesPart } from '../sales-analytics';
import { findTeam, knownUser, teamMembers, type User } from '../users';
import { assertReaches, reachOf } from './forecast.access';
import { addDays, quotaMeasures, resolvePeriod, type Period } from './forecast.rules';
import {
  Forecast,
  ForecastCategoryFigures,
  ForecastConverted,
  ForecastFigures,
  ForecastMember,
  type ForecastInput,
} from './forecast.types';
import { quotasWithin } from './quota.service';
import type { Quota } from './quota.entity';

const CATEGORIES = Object.values(ForecastCategory);
const CLOSED_STAGES = [DealStage.CLOSED_WON, DealStage.CLOSED_LOST];
const OPEN_STAGES = Object.values(DealStage).filter((stage) => !CLOSED_STAGES.includes(stage));

/** Whose forecast: a user, a team (with its members now), or the company. */
export interface ForecastSubject {
  user: User | null;
  teamId: string | null;
  members: User[];
}

/**
 * The subject of a forecast input, checked: at most one of userId and teamId (known; else
 * BAD_USER_INPUT), within the caller's reach (SALES: itself and its team; else FORBIDDEN).
 */
export async function forecastSubject(
  ctx: RequestContext,
  input: { userId?: string | null; teamId?: string | null },
): Promise<ForecastSubject> {
  if (input.userId != null && input.teamId != null)
    throw new BadUserInputError('Give at most one of userId and teamId', 'input.userId');
  const reach = await reachOf(ctx);
  if (input.userId != null) {
    // A departed rep still has a forecast: any known user.
    const user = await knownUser(ctx, input.userId, 'input.userId');
    assertReaches(reach, { user });
    return { user, teamId: null, members: [] };
  }
  if (input.teamId != null) {
    const team = isUuid(input.teamId) ? await findTeam(ctx, input.teamId.toLowerCase()) : null;
    if (!team) throw new BadUserInputError(`No team ${input.teamId}`, 'input.teamId');
    assertReaches(reach, { teamId: team.id });
    const members = await teamMembers(ctx, team.id);
    return { user: null, teamId: team.id, members };
  }
  assertReaches(reach, {});
  return { user: null, teamId: null, members: [] };
}

/**
 * The deals a forecast counts, as the deals list filter: the subject's (an owner, or a team's
 * members now), open with an expected close date in the period, or won or lost with a closed date
 * in it (UTC days).
 */
export function forecastDealFilter(subject: ForecastSubject, period: Period): DealFilter {
  const who = subject.user
    ? { ownerId: { in: [subject.user.sub] } }
    : subject.teamId
      ? { teamId: { eq: subject.teamId } }
      : {};
  return {
    ...who,
    or: [
      {
        stageIs: { in: CLOSED_STAGES },
        closedAt: {
          gte: new Date(`${period.from}T00:00:00.000Z`),
          lt: new Date(`${addDays(period.to, 1)}T00:00:00.000Z`),
        },
      },
      { stageIs: { in: OPEN_STAGES }, expectedCloseDate: { gte: period.from, lte: period.to } },
    ],
  } as unknown as DealFilter;
}

const isOpen = (part: SalesPart) => !CLOSED_STAGES.includes(part.stage);

/** Money figures of one currency before the quota measures: integer cents. */
interface Cents {
  categories: Map<ForecastCategory, { dealCount: number; cents: bigint; weighted: bigint }>;
  dealCount: number;
  openDealCount: number;
  open: bigint;
  openWeighted: bigint;
  wonCount: number;
  won: bigint;
  lostCount: number;
  quota: bigint | null;
}

const emptyCents = (): Cents => ({
  categories: new Map(CATEGORIES.map((category) => [category, { dealCount: 0, cents: 0n, weighted: 0n }])),
  dealCount: 0,
  openDealCount: 0,
  open: 0n,
  openWeighted: 0n,
  wonCount: 0,
  won: 0n,
  lostCount: 0,
  quota: null,
});

/**
 * The figures of some parts and quotas per currency, exact: every weighted amount rounded once
 * for its category (or the open pipeline) and currency (`mergeSalesParts`).
 */
export function centsByCurrency(parts: readonly SalesPart[], quotas: readonly Quota[]): Map<string, Cents> {
  const out = new Map<string, Cents>();
  const of = (currency: string) => {
    if (!out.has(currency)) out.set(currency, emptyCents());
    return out.get(currency)!;
  };
  for (const row of mergeSalesParts(parts, ['forecastCategory'])) {
    const entry = of(row.currency).categories.get(row.forecastCategory ?? ForecastCategory.OMITTED)!;
    entry.dealCount += row.dealCount;
    entry.cents += toCents(row.amount);
    entry.weighted += toCents(row.weightedAmount);
  }
  for (const row of mergeSalesParts(parts, [])) {
    const cents = of(row.currency);
    cents.dealCount = row.dealCount;
    cents.wonCount = row.wonCount;
    cents.won = toCents(row.wonAmount);
    cents.lostCount = row.lostCount;
  }
  const pipeline = parts.filter(
    (part) => isOpen(part) && part.keys.forecastCategory !== ForecastCategory.OMITTED,
  );
  for (const row of mergeSalesParts(pipeline, [])) {
    const cents = of(row.currency);
    cents.openDealCount = row.dealCount;
    cents.open = toCents(row.amount);
    cents.openWeighted = toCents(row.weightedAmount);
  }
  for (const quota of quotas) {
    const cents = of(quota.currency.trim());
    cents.quota = (cents.quota ?? 0n) + toCents(quota.amount);
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function figuresOf(currency: string, cents: Cents): ForecastFigures {
  return Object.assign(new ForecastFigures(), {
    currency,
    categories: CATEGORIES.map((category) => {
      const entry = cents.categories.get(category)!;
      return Object.assign(new ForecastCategoryFigures(), {
        category,
        dealCount: entry.dealCount,
        amount: fromCents(entry.cents),
        weightedAmount: fromCents(entry.weighted),
      });
    }),
    dealCount: cents.dealCount,
    openDealCount: cents.openDealCount,
    openAmount: fromCents(cents.open),
    openWeightedAmount: fromCents(cents.openWeighted),
    wonCount: cents.wonCount,
    wonAmount: fromCents(cents.won),
    lostCount: cents.lostCount,
    quota: cents.quota === null ? null : fromCents(cents.quota),
    ...quotaMeasures({ quotaCents: cents.quota, wonCents: cents.won, openPipelineCents: cents.open }),
  });
}

/** Figures of several currencies in one: each money figure converted and added exactly, rounded once. */
export function convertCents(byCurrency: Map<string, Cents>, using: Converter): Cents {
  const sum = (pick: (cents: Cents) => bigint | null) =>
    toCents(
      using.sum(
        [...byCurrency.entries()]
          .filter(([, cents]) => pick(cents) !== null)
          .map(([currency, cents]) => ({ amount: fromCents(pick(cents)!), currency })),
      ),
    );
  const all = [...byCurrency.values()];
  const count = (pick: (cents: Cents) => number) => all.reduce((n, cents) => n + pick(cents), 0);
  const out = emptyCents();
  for (const category of CATEGORIES) {
    const entry = out.categories.get(category)!;
    entry.dealCount = count((cents) => cents.categories.get(category)!.dealCount);
    entry.cents = sum((cents) => cents.categories.get(category)!.cents);
    entry.weighted = sum((cents) => cents.categories.get(category)!.weighted);
  }
  out.dealCount = count((cents) => cents.dealCount);
  out.openDealCount = count((cents) => cents.openDealCount);
  out.open = sum((cents) => cents.open);
  out.openWeighted = sum((cents) => cents.openWeighted);
  out.wonCount = count((cents) => cents.wonCount);
  out.won = sum((cents) => cents.won);
  out.lostCount = count((cents) => cents.lostCount);
  out.quota = all.some((cents) => cents.quota !== null) ? sum((cents) => cents.quota) : null;
  return out;
}

/**
 * `forecast`: ONE GROUP BY on the deals (salesAnalytics' statement, by owner and forecast
 * category), one read of the quotas, one of the team's members, and with `convert` one of the
 * rates: the statement count does not grow with the deals or the members.
 */
export async function forecast(ctx: RequestContext, input: ForecastInput): Promise<Forecast> {
  const period = resolvePeriod(input.period, 'input.period');
  const subject = await forecastSubject(ctx, input);
  const byOwner = subject.teamId !== null;
  const { parts } = await salesParts(ctx, {
    groupBy: byOwner
      ? [SalesDimension.OWNER, SalesDimension.FORECAST_CATEGORY]
      : [SalesDimension.FORECAST_CATEGORY],
    filter: forecastDealFilter(subject, period),
  });
  const quotas = await quotasWithin(
    ctx.dataSource.manager,
    {
      userIds: subject.user ? [subject.user.id] : subject.members.map((member) => member.id),
      teamIds: subject.teamId ? [subject.teamId] : [],
      allTeams: !subject.user && !subject.teamId,
    },
    period,
  );
  const ownQuotas = quotas.filter((quota) =>
    subject.user ? quota.userId === subject.user.id : quota.teamId !== null,
  );
  const total = centsByCurrency(parts, ownQuotas);
  const memberCents = subject.members.map((member) => ({
    member,
    cents: centsByCurrency(
      parts.filter((part) => part.keys.ownerId === member.sub),
      quotas.filter((quota) => quota.userId === member.id),
    ),
  }));
  let converted: ForecastConverted | null = null;
  let using: Converter | null = null;
  if (input.convert) {
    const currencies = new Set([...total.keys(), ...memberCents.flatMap(({ cents }) => [...cents.keys()])]);
    using = await converter(ctx, input.convert, currencies);
    converted = Object.assign(new ForecastConverted(), {
      currency: using.currency,
      at: using.at,
      figures: figuresOf(using.currency, convertCents(total, using)),
      rates: [] as ForecastConverted['rates'],
    });
  }
  const members = memberCents.map(({ member, cents }) =>
    Object.assign(new ForecastMember(), {
      userId: member.id,
      sub: member.sub,
      figures: [...cents.entries()].map(([currency, c]) => figuresOf(currency, c)),
      converted: using ? figuresOf(using.currency, convertCents(cents, using)) : null,
    }),
  );
  if (converted && using) converted.rates = using.used();
  return Object.assign(new Forecast(), {
    from: period.from,
    to: period.to,
    userId: subject.user?.id ?? null,
    teamId: subject.teamId,
    figures: [...total.entries()].map(([currency, cents]) => figuresOf(currency, cents)),
    members,
    converted,
  });
}
