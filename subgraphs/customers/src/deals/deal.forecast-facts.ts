import { stageJoinSql } from '../pipelines';
import { ownerTeamJoinSql } from '../users';
import { dealStageIdSql } from './1764233300100-CrmDealPipelineStage';

/**
 * SQL: the forecast facts of every live deal, one row each, as a SELECT with no parameters for a
 * caller to wrap in its own set-based statement (`INSERT INTO … SELECT … FROM (…) f WHERE …`, a
 * join to `(…) f`): no row passes through the application, and PostgreSQL pulls the subquery up,
 * so the caller's conditions on `f` use the deals' indexes. The columns: `deal_id`, `owner_id`
 * (a sub), `stage`, `stage_id` (the configured stage; the base pipeline's for a null one),
 * `forecast_category` and `probability` (of that stage: pipelines' join; null and 0 for none),
 * `amount`, `currency`, `expected_close_date`, `closed_at`; with `ownerTeam` also `team_id` (the
 * owner's team now: users' join; null for none).
 */
export function dealForecastFactsSql({ ownerTeam = false }: { ownerTeam?: boolean } = {}): string {
  const stageId = dealStageIdSql('d');
  const stage = stageJoinSql(stageId, 'deal_stage');
  const team = ownerTeamJoinSql('d.owner_id', 'deal_owner');
  return `SELECT d.id AS deal_id, d.owner_id, ${ownerTeam ? `${team.teamId} AS team_id, ` : ''}d.stage,
         ${stageId} AS stage_id, ${stage.forecastCategory} AS forecast_category,
         ${stage.probability} AS probability, d.amount, d.currency, d.expected_close_date, d.closed_at
    FROM crm.deals d
    ${stage.join}
    ${ownerTeam ? team.join : ''}
   WHERE d.deleted_at IS NULL`;
}
