import { changeFeedResolver } from '@sales-graph/shared/feed/index';
import { READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { CrmChangeFeed1764232600000 } from './1764232600000-CrmChangeFeed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    CrmChangeFeedLookup: true;
  }
}

/**
 * The CRM's change feed (README "Change feed"): its table and triggers, and `crmChanges`. A
 * partner user reads the events of the records its claim sets name (the lists' row scope).
 */
export default defineModule({
  name: 'change-feed',
  migrations: [CrmChangeFeed1764232600000],
  resolvers: [
    ...changeFeedResolver({
      fieldName: 'crmChanges',
      prefix: 'Crm',
      schema: 'crm',
      // The PRM's webhook dispatcher reads CRM events through it (README "Webhooks").
      service: { fieldName: 'crmChangesForWebhooks', subject: 'CrmChangeFeedLookup' },
      description:
        'Every committed change of CRM customers, contacts, deals, leads, tickets and activities you may read, ' +
        'in commit order, resumable from a cursor; deletions and merges are tombstones. Mirror the CRM with it: ' +
        'read a page, fetch the changed records by id, store `pageInfo.endCursor`, repeat.',
      types: [
        { type: 'Customer', value: 'CUSTOMER', subject: 'Customer' },
        { type: 'Contact', value: 'CONTACT', subject: 'Contact' },
        { type: 'Deal', value: 'DEAL', subject: 'Deal' },
        { type: 'Lead', value: 'LEAD', subject: 'Lead' },
        { type: 'Ticket', value: 'TICKET', subject: 'Ticket' },
        { type: 'Activity', value: 'ACTIVITY', subject: 'Activity' },
      ],
    }),
  ],
  permissions: { CrmChangeFeedLookup: { SERVICE: READ } },
});
