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
  @Field(() => String, { description: 'Name of the person.' })
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
}

export const LeadConnection = connectionType('Lead', Lead);
