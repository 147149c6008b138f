import type { DataSource } from 'typeorm';
import {
  fillTable,
  type ScaleProgress,
  type ScaleSizes,
  type ScaleTableResult,
} from '@sales-graph/shared/demo/scale';
import { CRM_MODULES } from '../modules';

/** Tables the CRM generator fills, in order (the checksum test reads them): its modules' `scale` steps. */
export const CRM_SCALE_TABLES: readonly string[] = CRM_MODULES.scale.map((step) => step.table);

/**
 * Fills the CRM's tables with `sizes` generated rows (see shared/src/demo/scale.ts), each module's
 * steps (`scale.steps.ts`) in order. Refuses a database that already has customers. Values obey
 * every constraint, and the derived columns the entities compute (customers.name_key =
 * normaliseCompanyName(name), audit columns) are filled the same way, so the application reads
 * these rows exactly like its own.
 */
export async function seedCrmAtScale(
  dataSource: DataSource,
  sizes: ScaleSizes,
  progress: ScaleProgress,
): Promise<ScaleTableResult[]> {
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM crm.customers`);
  if (n > 0)
    throw new Error('The CRM database already has customers: --scale needs an empty (migrated) database');
  const results: ScaleTableResult[] = [];
  for (const step of CRM_MODULES.scale) {
    const sql = (from: number, to: number) => step.sql(from, to, sizes);
    const result = await fillTable(dataSource, `crm.${step.table}`, step.rows(sizes), sql, progress);
    if (!step.countRows) results.push(result);
    else {
      const [{ rows }] = await dataSource.query(`SELECT count(*)::int AS rows FROM crm.${step.table}`);
      results.push({ ...result, rows });
    }
  }
  return results;
}
