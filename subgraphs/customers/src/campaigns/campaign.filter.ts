import { registerEnumType } from 'type-graphql';
import {
  DateTimeFilter,
  enumFilter,
  FilterField,
  FilterInput,
  IdFilter,
  orderByInput,
  StringFilter,
} from '@sales-graph/shared/graphql/filters';
import { CampaignChannel, CampaignStatus } from './campaign.entity';

export const CampaignStatusFilter = enumFilter('CampaignStatus', CampaignStatus);
export const CampaignChannelFilter = enumFilter('CampaignChannel', CampaignChannel);

@FilterInput({
  description:
    'Conditions on campaigns, all of which must hold (the older `status` and `channel` shorthands too), combined with `and`, `or` and `not`.',
})
export class CampaignFilter {
  @FilterField(() => CampaignStatus, { op: 'eq', description: 'Only campaigns in this status.' })
  status?: CampaignStatus | null;
  @FilterField(() => CampaignChannel, { op: 'eq', description: 'Only campaigns on this channel.' })
  channel?: CampaignChannel | null;
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) name?: StringFilter;
  @FilterField(() => CampaignStatusFilter, { property: 'status' }) statusIs?: InstanceType<
    typeof CampaignStatusFilter
  >;
  @FilterField(() => CampaignChannelFilter, {
    property: 'channel',
    description: 'Only campaigns whose channel (their type: EMAIL, EVENT …) meets these conditions.',
  })
  channelIs?: InstanceType<typeof CampaignChannelFilter>;
  @FilterField(() => DateTimeFilter, { description: 'The period: when the campaign starts.' })
  startsAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'The period: when the campaign ends.' })
  endsAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum CampaignOrderField {
  NAME = 'name',
  STARTS_AT = 'startsAt',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(CampaignOrderField, {
  name: 'CampaignOrderField',
  description: 'What a list of campaigns can be ordered by.',
  valuesConfig: {
    NAME: { description: 'The campaign name.' },
    STARTS_AT: { description: 'When the campaign starts; campaigns without a start come last ascending.' },
    CREATED_AT: { description: 'When the campaign was created.' },
    UPDATED_AT: { description: 'When the campaign last changed (for incremental sync).' },
  },
});
export const CampaignOrder = orderByInput('Campaign', CampaignOrderField);

/** What `campaigns(search:)` looks in. */
export const CAMPAIGN_SEARCH = ['name'];
