import { registerEnumType } from 'type-graphql';

/**
 * A deal's sales channel, kept on the deal (`deals.channel`, `deals.channel_partner_id`) by the
 * deals module's trigger functions from this module's attribution projection (migration
 * CrmDealChannel: `crm.deal_channel_of` is the rule, triggers apply it in the writer's
 * transaction). `reconcileDealChannels` (the deals module's, re-exported here) proves the columns
 * equal the rule for every deal, and repairs any that do not.
 */
export enum SalesChannel {
  DIRECT = 'DIRECT',
  PARTNER_SOURCED = 'PARTNER_SOURCED',
  PARTNER_INFLUENCED = 'PARTNER_INFLUENCED',
}
registerEnumType(SalesChannel, {
  name: 'SalesChannel',
  description: 'How a deal was sold, from the partner attributions the PRM owns.',
  valuesConfig: {
    DIRECT: { description: 'No partner: neither sourced nor influenced by one.' },
    PARTNER_SOURCED: { description: 'A partner sourced the deal (a SOURCED attribution).' },
    PARTNER_INFLUENCED: {
      description: 'Not sourced by a partner, but its lead was referred by or assigned to one.',
    },
  },
});

export { reconcileDealChannels, type DealChannelDrift } from '../deals';
