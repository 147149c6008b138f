import { databaseUrlFor } from '../../../shared/src/config';
import { createDataSource } from '../../../shared/src/db/datasource';
import { DealAttribution, LeadAttribution } from './attribution/attribution.entity';
import { PrmCore1764230500000 } from './migrations/1764230500000-PrmCore';
import { Partner } from './partners/partner.entity';

export const PRM_SCHEMA = 'prm';

/** The PRM's own database: `PARTNERS_DATABASE_URL`, else `DATABASE_URL`; tables in schema `prm`. */
export function createPartnersDataSource(url = databaseUrlFor('partners'), poolMax?: number) {
  if (!url) throw new Error('Set PARTNERS_DATABASE_URL or DATABASE_URL');
  return createDataSource({
    url,
    poolMax,
    schema: PRM_SCHEMA,
    entities: [Partner, DealAttribution, LeadAttribution],
    migrations: [PrmCore1764230500000],
  });
}
