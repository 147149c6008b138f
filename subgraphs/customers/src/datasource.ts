import { databaseUrlFor } from '../../../shared/src/config';
import { createDataSource } from '../../../shared/src/db/datasource';
import { Activity } from './activities/activity.entity';
import { Contact } from './contacts/contact.entity';
import { Customer } from './customers/customer.entity';
import { Deal, DealStageChange } from './deals/deal.entity';
import { Lead } from './leads/lead.entity';
import { CrmCore1764230400000 } from './migrations/1764230400000-CrmCore';
import { CrmAuditLog1764231000000 } from './migrations/1764231000000-CrmAuditLog';
import { CrmActivitiesSupportOrders1764230600000 } from './migrations/1764230600000-CrmActivitiesSupportOrders';
import { Order, OrderLine } from './orders/order.entity';
import { Ticket, TicketComment } from './tickets/ticket.entity';

export const CRM_SCHEMA = 'crm';

/** The CRM's own database: `CUSTOMERS_DATABASE_URL`, else `DATABASE_URL`; tables in schema `crm`. */
export function createCustomersDataSource(url = databaseUrlFor('customers'), poolMax?: number) {
  if (!url) throw new Error('Set CUSTOMERS_DATABASE_URL or DATABASE_URL');
  return createDataSource({
    url,
    poolMax,
    schema: CRM_SCHEMA,
    entities: [
      Customer,
      Contact,
      Lead,
      Deal,
      DealStageChange,
      Activity,
      Ticket,
      TicketComment,
      Order,
      OrderLine,
    ],
    migrations: [CrmCore1764230400000, CrmActivitiesSupportOrders1764230600000, CrmAuditLog1764231000000],
  });
}
