import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '../../../../shared/src/graphql/pagination';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '../../../../shared/src/db/record';

export enum LeadSource {
  WEB = 'WEB',
  EVENT = 'EVENT',
  REFERRAL = 'REFERRAL',
  PARTNER = 'PARTNER',
  OUTBOUND = 'OUTBOUND',
  CAMPAIGN = 'CAMPAIGN',
}
registerEnumType(LeadSource, { name: 'LeadSource' });

export enum LeadStatus {
  NEW = 'NEW',
  CONTACTED = 'CONTACTED',
  QUALIFIED = 'QUALIFIED',
  DISQUALIFIED = 'DISQUALIFIED',
  CONVERTED = 'CONVERTED',
}
registerEnumType(LeadStatus, { name: 'LeadStatus' });

/** A prospective buyer not yet worked into a deal. */
@Directive('@key(fields: "id")')
@ObjectType()
@Entity({ name: 'leads' })
export class Lead extends BusinessRecord {
  @Field(() => String, { nullable: true, description: 'Name of the person.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  company: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Field(() => LeadSource)
  @Column({ type: 'text' })
  source: LeadSource;

  @Field(() => LeadStatus)
  @Column({ type: 'text' })
  status: LeadStatus;

  @Field(() => Int, { description: 'Fit and engagement score, 0 to 100.' })
  @Column({ type: 'int' })
  score: number;

  @Column({ type: 'uuid', nullable: true })
  customerId: string | null;

  @Field(() => String, { nullable: true, description: 'User id of the lead owner (set by routing rules).' })
  @Column({ type: 'text', nullable: true })
  ownerId: string | null;

  /**
   * Idempotency key of the system that created the lead (e.g. the PRM's partner referral), unique;
   * set only by the SERVICE identity, not exposed in the graph.
   */
  @Column({ type: 'text', nullable: true })
  externalRef: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  industry: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  region: string | null;

  @Field(() => Boolean, { description: 'Whether the person agreed to be contacted.' })
  @Column({ type: 'boolean', default: false })
  consentGiven: boolean;

  @Field(() => Date, { nullable: true, description: 'When consent was given.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  consentAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Where consent was captured, e.g. "web form".' })
  @Column({ type: 'text', nullable: true })
  consentSource: string | null;

  @Field(() => String, { nullable: true, description: 'Why the lead last changed status.' })
  @Column({ type: 'text', nullable: true })
  statusReason: string | null;

  /** The contact the lead became on conversion. */
  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;
}

export const LeadConnection = connectionType('Lead', Lead);
