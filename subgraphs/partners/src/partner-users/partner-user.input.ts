import { Field, ID, InputType } from 'type-graphql';
import { PartnerUserRole } from './partner-user.entity';

@InputType()
export class InvitePartnerUserInput {
  @Field(() => ID, { description: 'The partner; a partner user may only invite to its own partner.' })
  partnerId: string;

  @Field(() => String)
  email: string;

  @Field(() => String)
  name: string;

  @Field(() => PartnerUserRole, { nullable: true, defaultValue: PartnerUserRole.MEMBER })
  role?: PartnerUserRole;
}
