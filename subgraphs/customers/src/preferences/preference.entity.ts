import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';

export enum PreferenceChannel {
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  SMS = 'SMS',
  POST = 'POST',
}
registerEnumType(PreferenceChannel, {
  name: 'PreferenceChannel',
  description: 'A channel a contact can be reached on.',
  valuesConfig: {
    EMAIL: { description: 'Email.' },
    PHONE: { description: 'Phone calls.' },
    SMS: { description: 'Text messages.' },
    POST: { description: 'Letters.' },
  },
});

/**
 * A contact's consent for one channel. No row means no consent (opt-in); an unsubscribe keeps the
 * row with `optedIn` false and the time it happened.
 */
@ObjectType({ description: 'Whether a contact agreed to be contacted on one channel (consent).' })
@Entity({ name: 'contact_preferences' })
export class ContactPreference extends BusinessRecord {
  @Column({ type: 'uuid' })
  contactId: string;

  @Field(() => PreferenceChannel, { description: 'The channel.' })
  @Column({ type: 'text' })
  channel: PreferenceChannel;

  @Field(() => Boolean, { description: 'Whether the contact agreed to be contacted on this channel.' })
  @Column({ type: 'boolean' })
  optedIn: boolean;

  @Field(() => Date, { description: 'When the contact unsubscribed; null while subscribed.', nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  unsubscribedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Where the preference was captured, e.g. "web form".' })
  @Column({ type: 'text', nullable: true })
  source: string | null;
}
