import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { CrmPipelines1764233300000 } from './1764233300000-CrmPipelines';
import { Pipeline, PipelineStage } from './pipeline.entity';
import { PipelineResolver } from './pipeline.resolver';
import { seedPipelines } from './pipelines.seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Pipeline: true;
  }
}

/**
 * Configured pipelines and their stages. Configuration, not partner data: no partner reads a
 * pipeline (a partner user reads the stage of a deal it sees, through the deal; README "Pipelines").
 */
export default defineModule({
  name: 'pipelines',
  entities: [Pipeline, PipelineStage],
  migrations: [CrmPipelines1764233300000],
  resolvers: [PipelineResolver],
  permissions: {
    Pipeline: {
      ADMIN: ALL,
      SALES: READ,
      MARKETING: READ,
      SUPPORT: READ,
      CHANNEL_MANAGER: READ,
      ANALYST: READ,
    },
  },
  seeds: [{ order: 12, after: ['baseline'], run: seedPipelines }],
});
