import { databaseUrlFor } from '@sales-graph/shared/config';
import { createDataSource } from '@sales-graph/shared/db/datasource';
import { Activity } from './activities/activity.entity';
import { AutomationRule, AutomationRun } from './automation/automation.entity';
import { Campaign, CampaignMember } from './campaigns/campaign.entity';
import { ContactPreference } from './preferences/preference.entity';
import { Contact } from './contacts/contact.entity';
import { Customer } from './customers/customer.entity';
import { Deal, DealStageChange } from './deals/deal.entity';
import { Lead } from './leads/lead.entity';
import { CrmCore1764230400000 } from './migrations/1764230400000-CrmCore';
import { CrmAuditLog1764231000000 } from './migrations/1764231000000-CrmAuditLog';
import { CrmRecordLifecycle1764231200000 } from './migrations/1764231200000-CrmRecordLifecycle';
import { CrmListIndexes1764231300000 } from './migrations/1764231300000-CrmListIndexes';
import { CrmMarketing1764231400000 } from './migrations/1764231400000-CrmMarketing';
import { CrmLeadExternalRef1764231500000 } from './migrations/1764231500000-CrmLeadExternalRef';
import { CrmPartnerSourcedDeals1764231600000 } from './migrations/1764231600000-CrmPartnerSourcedDeals';
import { CrmDealNextStep1764231700000 } from './migrations/1764231700000-CrmDealNextStep';
import { CrmActivitiesSupportOrders1764230600000 } from './migrations/1764230600000-CrmActivitiesSupportOrders';
import { CrmIdempotencyKeys1764232100000 } from './migrations/1764232100000-CrmIdempotencyKeys';
import { CrmCompanyNameKeys1764232200000 } from './migrations/1764232200000-CrmCompanyNameKeys';
import { CrmBiListIndexes1764232300000 } from './migrations/1764232300000-CrmBiListIndexes';
import { CrmPartnerAttributions1764232400000 } from './migrations/1764232400000-CrmPartnerAttributions';
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
      Campaign,
      CampaignMember,
      ContactPreference,
      AutomationRule,
      AutomationRun,
    ],
    migrations: [
      CrmCore1764230400000,
      CrmActivitiesSupportOrders1764230600000,
      CrmAuditLog1764231000000,
      CrmRecordLifecycle1764231200000,
      CrmListIndexes1764231300000,
      CrmMarketing1764231400000,
      CrmLeadExternalRef1764231500000,
      CrmPartnerSourcedDeals1764231600000,
      CrmDealNextStep1764231700000,
      CrmIdempotencyKeys1764232100000,
      CrmCompanyNameKeys1764232200000,
      CrmBiListIndexes1764232300000,
      CrmPartnerAttributions1764232400000,
    ],
  });
}
