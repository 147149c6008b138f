import type { EntityManager } from 'typeorm';
import { ConflictError } from '@sales-graph/shared/errors';
import type { EventOf } from '@sales-graph/shared/events/events';
import type { PipelineEvents } from '../pipelines';
import { Deal } from './deal.entity';
import { dealStageIdSql } from './1764233300100-CrmDealPipelineStage';
import { moveRowsOnMerge } from '@sales-graph/shared/db/reassign';

/** A stage with live deals in it stays (CONFLICT): move them first with `moveDealsToStage`. */
export async function keepStageWithDeals(
  manager: EntityManager,
  { stage }: EventOf<PipelineEvents, 'PipelineStageRemoving'>,
): Promise<void> {
  const deals = await manager
    .createQueryBuilder(Deal, 'deal')
    .where(`${dealStageIdSql('"deal"')} = :stage`, { stage: stage.id })
    .getCount();
  if (deals > 0)
    throw new ConflictError(
      `${deals} deal(s) are in stage ${stage.name}: move them first (moveDealsToStage)`,
      'id',
      { deals },
    );
}

/** A customer merge moves the duplicate's deals (deleted ones too) to the survivor. */
export const moveDealsOnMerge = moveRowsOnMerge('crm.deals', 'Deal');
