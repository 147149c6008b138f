import { databaseUrlFor } from '@sales-graph/shared/config';
import { createDataSource } from '@sales-graph/shared/db/datasource';
import { CRM_MODULES } from './modules';

export const CRM_SCHEMA = 'crm';

/**
 * The CRM's own database: `CUSTOMERS_DATABASE_URL`, else `DATABASE_URL`; tables in schema `crm`.
 * Entities and migrations are its modules' (`modules.ts`).
 */
export function createCustomersDataSource(
  url = databaseUrlFor('customers'),
  poolMax?: number,
  statementTimeoutMs?: number,
) {
  if (!url) throw new Error('Set CUSTOMERS_DATABASE_URL or DATABASE_URL');
  return createDataSource({
    url,
    poolMax,
    statementTimeoutMs,
    schema: CRM_SCHEMA,
    entities: CRM_MODULES.entities,
    migrations: CRM_MODULES.migrations,
  });
}
