import { changeFeedResolver } from '@sales-graph/shared/feed/index';
import { defineModule } from '@sales-graph/shared/module';
import { PrmChangeFeed1764232600000 } from './1764232600000-PrmChangeFeed';

/**
 * The PRM's change feed (README "Change feed"): its table and triggers, and `prmChanges`. A
 * partner user reads the events of its own partner's rows (the lists' row scope).
 */
export default defineModule({
  name: 'change-feed',
  migrations: [PrmChangeFeed1764232600000],
  resolvers: [
    ...changeFeedResolver({
      fieldName: 'prmChanges',
      prefix: 'Prm',
      schema: 'prm',
      description:
        'Every committed change of partners, deal registrations and lead offers you may read, in commit order, ' +
        'resumable from a cursor; deletions are tombstones. Mirror the PRM with it: read a page, fetch the ' +
        'changed records by id, store `pageInfo.endCursor`, repeat.',
      types: [
        { type: 'Partner', value: 'PARTNER', subject: 'Partner', partnerColumn: 'id' },
        {
          type: 'DealRegistration',
          value: 'DEAL_REGISTRATION',
          subject: 'DealRegistration',
          partnerColumn: 'partner_id',
        },
        { type: 'LeadOffer', value: 'LEAD_OFFER', subject: 'LeadOffer', partnerColumn: 'partner_id' },
      ],
    }),
  ],
});
