import { registerEnumType } from 'type-graphql';

/**
 * How a deal's amount is credited to the campaigns that touched it: the one definition. The CRM
 * computes the credit (campaign influence); the PRM asks it for the return of the campaign an MDF
 * request funded, with this enum.
 */
export enum CampaignInfluenceModel {
  FIRST_TOUCH = 'FIRST_TOUCH',
  LAST_TOUCH = 'LAST_TOUCH',
  EVEN_SPLIT = 'EVEN_SPLIT',
}
registerEnumType(CampaignInfluenceModel, {
  name: 'CampaignInfluenceModel',
  description:
    "How a deal's amount is credited to the campaigns that touched its lead or its customer's contacts before it closed.",
  valuesConfig: {
    FIRST_TOUCH: { description: 'All of it to the campaign that touched first.' },
    LAST_TOUCH: { description: 'All of it to the campaign that touched last.' },
    EVEN_SPLIT: {
      description:
        'Split evenly between the campaigns that touched it, in whole cents; the remainder cents go one each to the earliest-touching campaigns, so the credits add up to the amount exactly.',
    },
  },
});
