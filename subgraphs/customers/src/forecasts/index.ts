export { Quota } from './quota.entity';
export { ForecastSnapshot } from './snapshot.entity';
export { forecastSnapshotJob, takeForecastSnapshot } from './snapshot.service';
