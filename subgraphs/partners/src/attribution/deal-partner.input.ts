import { Field, ID, InputType } from 'type-graphql';
import { DealPartnerRole } from './deal-partner.entity';

@InputType({ description: "A partner's part in a CRM deal (CHANNEL_MANAGER and ADMIN)." })
export class DealPartnerInput {
  @Field(() => ID, { description: 'The CRM deal.' })
  dealId: string;

  @Field(() => ID, { description: 'The partner (ACTIVE to be added).' })
  partnerId: string;

  @Field(() => DealPartnerRole, { description: 'The part it plays.' })
  role: DealPartnerRole;
}

@InputType({ description: "Makes one of a deal's SOURCED partners its primary (CHANNEL_MANAGER and ADMIN)." })
export class SetPrimaryDealPartnerInput {
  @Field(() => ID, { description: 'The CRM deal.' })
  dealId: string;

  @Field(() => ID, { description: 'A SOURCED partner of the deal.' })
  partnerId: string;
}
