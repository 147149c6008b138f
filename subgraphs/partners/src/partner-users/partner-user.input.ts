import { Field, ID, InputType } from 'type-graphql';
import { PartnerUserRole } from './partner-user.entity';

@InputType({
  description:
    "Invites a person to a partner's team (partner admins for their own partner, CHANNEL_MANAGER and ADMIN).",
})
export class InvitePartnerUserInput {
  @Field(() => ID, { description: 'The partner; a partner user may only invite to its own partner.' })
  partnerId: string;

  @Field(() => String, { description: 'Email the invitation goes to.' })
  email: string;

  @Field(() => String, { description: "The person's name." })
  name: string;

  @Field(() => PartnerUserRole, {
    description: "Their role on the partner's team; MEMBER by default.",
    nullable: true,
    defaultValue: PartnerUserRole.MEMBER,
  })
  role?: PartnerUserRole;
}
