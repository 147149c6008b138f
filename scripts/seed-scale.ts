import type { DataSource } from 'typeorm';
import { scaleSizes, type ScaleProgress, type ScaleTableResult } from '@sales-graph/shared/demo/scale';
import { seedCrmAtScale } from '../subgraphs/customers/src/seed/scale.seed';
import { seedPrmAtScale } from '../subgraphs/partners/src/seed/scale.seed';
import { backfillProjection } from './environment';

export interface ScaleSeedResult {
  tables: ScaleTableResult[];
  rows: number;
  /** Wall time of the inserts plus the final VACUUM ANALYZE. */
  ms: number;
}

/**
 * `npm run seed -- --scale N`: N deals and what goes with them (shared/src/demo/scale.ts), each
 * subgraph's generator writing its own (migrated, empty) database; then VACUUM ANALYZE, so the
 * GIN indexes' pending lists are merged and the planner has statistics from the first query on.
 */
export async function seedAtScale(
  crm: DataSource,
  prm: DataSource,
  deals: number,
  progress: ScaleProgress,
): Promise<ScaleSeedResult> {
  const sizes = scaleSizes(deals);
  const startedAt = Date.now();
  const tables = [
    ...(await seedCrmAtScale(crm, sizes, progress)),
    ...(await seedPrmAtScale(prm, sizes, progress)),
  ];
  // The CRM's projection of the generated attributions (the generators write them by bulk SQL).
  await backfillProjection(crm, prm);
  for (const db of [crm, prm]) {
    const runner = db.createQueryRunner();
    try {
      await runner.query('SET statement_timeout = 0');
      await runner.query('VACUUM ANALYZE');
    } finally {
      await runner.release();
    }
  }
  return { tables, rows: tables.reduce((sum, t) => sum + t.rows, 0), ms: Date.now() - startedAt };
}
