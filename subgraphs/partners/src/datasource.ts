import { databaseUrlFor } from '@sales-graph/shared/config';
import { createDataSource } from '@sales-graph/shared/db/datasource';
import { PRM_MODULES } from './modules';

export const PRM_SCHEMA = 'prm';

/**
 * The PRM's own database: `PARTNERS_DATABASE_URL`, else `DATABASE_URL`; tables in schema `prm`.
 * Entities and migrations are its modules' (`modules.ts`).
 */
export function createPartnersDataSource(
  url = databaseUrlFor('partners'),
  poolMax?: number,
  statementTimeoutMs?: number,
) {
  if (!url) throw new Error('Set PARTNERS_DATABASE_URL or DATABASE_URL');
  return createDataSource({
    url,
    poolMax,
    statementTimeoutMs,
    schema: PRM_SCHEMA,
    entities: PRM_MODULES.entities,
    migrations: PRM_MODULES.migrations,
  });
}
