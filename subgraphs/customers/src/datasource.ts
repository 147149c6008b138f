import { databaseUrlFor } from '../../../shared/src/config';
import { createDataSource } from '../../../shared/src/db/datasource';
import { Contact } from './contacts/contact.entity';
import { Customer } from './customers/customer.entity';
import { Deal, DealStageChange } from './deals/deal.entity';
import { Lead } from './leads/lead.entity';
import { CrmCore1764230400000 } from './migrations/1764230400000-CrmCore';

export const CRM_SCHEMA = 'crm';

/** The CRM's own database: `CUSTOMERS_DATABASE_URL`, else `DATABASE_URL`; tables in schema `crm`. */
export function createCustomersDataSource(url = databaseUrlFor('customers'), poolMax?: number) {
  if (!url) throw new Error('Set CUSTOMERS_DATABASE_URL or DATABASE_URL');
  return createDataSource({
    url,
    poolMax,
    schema: CRM_SCHEMA,
    entities: [Customer, Contact, Lead, Deal, DealStageChange],
    migrations: [CrmCore1764230400000],
  });
}
