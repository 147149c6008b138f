import { Field, ID, InputType } from 'type-graphql';
import { PreferenceChannel } from './preference.entity';

@InputType({ description: "A contact's consent on one channel." })
export class SetContactPreferenceInput {
  @Field(() => ID, { description: 'The contact.' })
  contactId: string;

  @Field(() => PreferenceChannel, { description: 'The channel.' })
  channel: PreferenceChannel;

  @Field(() => Boolean, { description: 'true when the contact agrees to be contacted there.' })
  optedIn: boolean;

  @Field(() => String, { nullable: true, description: 'Where consent was given; required when opting in.' })
  source?: string | null;
}
