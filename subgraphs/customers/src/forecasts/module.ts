import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { CrmForecasts1764234000000 } from './1764234000000-CrmForecasts';
import { ForecastMemberResolver, ForecastResolver } from './forecast.resolver';
import { Quota } from './quota.entity';
import { QuotaResolver } from './quota.resolver';
import { ForecastSnapshot } from './snapshot.entity';
import { ForecastSnapshotResolver } from './snapshot.resolver';
import { seedForecasts } from './forecasts.seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Quota: true;
    Forecast: true;
  }
}

/**
 * Forecasting (README "Forecast"): quotas per user or team and period, the forecast by category
 * with the weighted pipeline (salesAnalytics' one GROUP BY), weekly snapshots and what changed
 * since. Internal only: a partner user gets nothing (no grant). SALES holds the write grant of
 * quotas for team managers (the service refuses everyone else) and reads within its reach
 * (itself, its team); ADMIN does everything, ANALYST reads.
 */
export default defineModule({
  name: 'forecasts',
  entities: [Quota, ForecastSnapshot],
  migrations: [CrmForecasts1764234000000],
  resolvers: [QuotaResolver, ForecastResolver, ForecastMemberResolver, ForecastSnapshotResolver],
  permissions: {
    Quota: { ADMIN: ALL, SALES: ALL, ANALYST: READ },
    Forecast: { ADMIN: ALL, SALES: READ, ANALYST: READ },
  },
  // After the deals (core seed, pipelines) and the people and their teams.
  seeds: [
    { order: 97, after: ['baseline', 'users', 'owners', 'deals', 'exchange-rates'], run: seedForecasts },
  ],
});
