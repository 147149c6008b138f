import { Field, ObjectType } from 'type-graphql';
import { DealRegistration } from './registration.entity';

@ObjectType({ description: 'What one expiry run did.' })
export class DealRegistrationExpiry {
  @Field(() => [DealRegistration], {
    description: 'Approved registrations whose protection ended: now EXPIRED.',
  })
  expired: DealRegistration[];

  @Field(() => [DealRegistration], {
    description: 'Protection ended, kept APPROVED: their CRM deal progressed past PROSPECTING.',
  })
  keptInProgress: DealRegistration[];
}
