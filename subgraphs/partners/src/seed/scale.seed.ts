import type { DataSource } from 'typeorm';
import {
  fillTable,
  type ScaleProgress,
  type ScaleSizes,
  type ScaleTableResult,
} from '@sales-graph/shared/demo/scale';
import { PRM_MODULES } from '../modules';

/** Tables the PRM generator fills, in order: its modules' `scale` steps. */
export const PRM_SCALE_TABLES: readonly string[] = PRM_MODULES.scale.map((step) => step.table);

/**
 * Fills the PRM's partners and their deal and lead attributions (see shared/src/demo/scale.ts),
 * each module's steps (`scale.steps.ts`) in order. Refuses a database that already has partners.
 */
export async function seedPrmAtScale(
  dataSource: DataSource,
  sizes: ScaleSizes,
  progress: ScaleProgress,
): Promise<ScaleTableResult[]> {
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM prm.partners`);
  if (n > 0)
    throw new Error('The PRM database already has partners: --scale needs an empty (migrated) database');
  const results: ScaleTableResult[] = [];
  for (const step of PRM_MODULES.scale) {
    const sql = (from: number, to: number) => step.sql(from, to, sizes);
    const result = await fillTable(dataSource, `prm.${step.table}`, step.rows(sizes), sql, progress);
    if (!step.countRows) results.push(result);
    else {
      const [{ rows }] = await dataSource.query(`SELECT count(*)::int AS rows FROM prm.${step.table}`);
      results.push({ ...result, rows });
    }
  }
  return results;
}
