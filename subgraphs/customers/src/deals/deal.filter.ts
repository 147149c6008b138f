import { ID, registerEnumType } from 'type-graphql';
import {
  DateFilter,
  DateTimeFilter,
  DecimalFilter,
  enumFilter,
  FilterField,
  FilterInput,
  IdFilter,
  orderByInput,
  StringFilter,
} from '@sales-graph/shared/graphql/filters';
import { OWNER_TEAM_FILTER } from '../users';
import { ForbiddenError } from '@sales-graph/shared/errors';
import { DealStage } from './deal.entity';
import { ForecastCategory, stageForecastCategorySql } from '../pipelines';
import { dealPipelineSql, dealStageIdSql } from './1764233300100-CrmDealPipelineStage';

export const DealStageFilter = enumFilter('DealStage', DealStage);
export const ForecastCategoryFilter = enumFilter('ForecastCategory', ForecastCategory);

/** The forecast category of a deal's stage, as SQL (correct but unindexed: listDeals rewrites it to stage ids). */
const forecastCategorySql = (alias: string) => stageForecastCategorySql(dealStageIdSql(alias));

@FilterInput()
export class DealFilter {
  @FilterField(() => DealStage, { op: 'eq', description: 'Shorthand for `stageIs: { eq }`.' })
  stage?: DealStage | null;
  @FilterField(() => ID, { op: 'eq', description: 'Shorthand for `customerIdIs: { eq }`.' })
  customerId?: string | null;
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) title?: StringFilter;
  @FilterField(() => DecimalFilter) amount?: DecimalFilter;
  @FilterField(() => DealStageFilter, { property: 'stage' }) stageIs?: InstanceType<typeof DealStageFilter>;
  @FilterField(() => IdFilter, { property: 'customerId' }) customerIdIs?: IdFilter;
  @FilterField(() => IdFilter) ownerId?: IdFilter;
  @FilterField(() => IdFilter, OWNER_TEAM_FILTER) teamId?: IdFilter;
  @FilterField(() => DateFilter) expectedCloseDate?: DateFilter;
  @FilterField(() => DateTimeFilter) closedAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
  @FilterField(() => IdFilter, {
    expression: dealPipelineSql,
    description:
      "Only deals in these pipelines (the base pipeline's id takes the deals made before pipelines).",
  })
  pipelineId?: IdFilter;
  @FilterField(() => IdFilter, {
    expression: dealStageIdSql,
    description: 'Only deals in these configured stages.',
  })
  stageId?: IdFilter;
  @FilterField(() => ForecastCategoryFilter, {
    property: 'stage',
    expression: forecastCategorySql,
    description: 'Only deals whose stage is in this forecast category (internal roles only).',
  })
  forecastCategory?: InstanceType<typeof ForecastCategoryFilter>;
}

/** The placeholder no stage has: `stageId in []` as an id list the filter accepts. */
const NO_STAGE = '00000000-0000-4000-8000-000000000000';

/**
 * A deal filter with every `forecastCategory` condition turned into the stage ids of that
 * category (one read of the small stages table), so that the stage index serves it. The caller
 * must be allowed to read forecast categories (PARTNER: FORBIDDEN).
 */
export async function withForecastStages(
  filter: DealFilter | null | undefined,
  allowed: boolean,
  stagesIn: (categories: ForecastCategory[]) => Promise<string[]>,
): Promise<DealFilter | undefined> {
  if (!filter) return undefined;
  const rewrite = async (node: DealFilter): Promise<DealFilter> => {
    const { forecastCategory, and, or, not, ...rest } = node as DealFilter & {
      and?: DealFilter[] | null;
      or?: DealFilter[] | null;
      not?: DealFilter | null;
    };
    const out: Record<string, unknown> = { ...rest };
    if (and) out.and = await Promise.all(and.map(rewrite));
    if (or) out.or = await Promise.all(or.map(rewrite));
    if (not) out.not = await rewrite(not);
    if (forecastCategory && (forecastCategory.eq || forecastCategory.in)) {
      if (!allowed) throw new ForbiddenError('You may not filter Deal by forecastCategory');
      const categories = forecastCategory.in ?? [forecastCategory.eq!];
      const ids = await stagesIn(categories);
      out.and = [
        ...((out.and as DealFilter[] | undefined) ?? []),
        { stageId: { in: ids.length ? ids : [NO_STAGE] } },
      ];
    }
    return out as DealFilter;
  };
  return rewrite(filter);
}

export enum DealOrderField {
  AMOUNT = 'amount',
  EXPECTED_CLOSE_DATE = 'expectedCloseDate',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(DealOrderField, {
  name: 'DealOrderField',
  description: 'What a list of deals can be ordered by.',
  valuesConfig: {
    AMOUNT: { description: 'The deal amount (within one currency; amounts are not converted).' },
    CREATED_AT: { description: 'When the deal was created.' },
    UPDATED_AT: { description: 'When the deal last changed (for incremental sync).' },
    EXPECTED_CLOSE_DATE: { description: 'Deals without a date come last ascending.' },
  },
});
export const DealOrder = orderByInput('Deal', DealOrderField);

/** What `deals(search:)` looks in. */
export const DEAL_SEARCH = ['title'];
