import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '../../../../shared/src/db/record';

export enum PreferenceChannel {
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  SMS = 'SMS',
  POST = 'POST',
}
registerEnumType(PreferenceChannel, { name: 'PreferenceChannel' });

/**
 * A contact's consent for one channel. No row means no consent (opt-in); an unsubscribe keeps the
 * row with `optedIn` false and the time it happened.
 */
@ObjectType()
@Entity({ name: 'contact_preferences' })
export class ContactPreference extends BusinessRecord {
  @Column({ type: 'uuid' })
  contactId: string;

  @Field(() => PreferenceChannel)
  @Column({ type: 'text' })
  channel: PreferenceChannel;

  @Field(() => Boolean)
  @Column({ type: 'boolean' })
  optedIn: boolean;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  unsubscribedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Where the preference was captured, e.g. "web form".' })
  @Column({ type: 'text', nullable: true })
  source: string | null;
}
