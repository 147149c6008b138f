import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '../../../../shared/src/db/record';
import { connectionType } from '../../../../shared/src/graphql/pagination';

export enum PartnerUserRole {
  ADMIN = 'ADMIN',
  MEMBER = 'MEMBER',
}
registerEnumType(PartnerUserRole, { name: 'PartnerUserRole' });

export enum PartnerUserStatus {
  INVITED = 'INVITED',
  ACTIVE = 'ACTIVE',
  REMOVED = 'REMOVED',
}
registerEnumType(PartnerUserStatus, { name: 'PartnerUserStatus' });

/** A person who works for a partner and uses the partner portal; belongs to exactly one partner. */
@ObjectType()
@Entity({ name: 'partner_users' })
export class PartnerUser extends BusinessRecord {
  @Field(() => ID)
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => String, { nullable: true, description: 'Lower-cased email address.' })
  @Column({ type: 'text' })
  email: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text' })
  name: string;

  @Field(() => PartnerUserRole)
  @Column({ type: 'text' })
  role: PartnerUserRole;

  @Field(() => PartnerUserStatus)
  @Column({ type: 'text' })
  status: PartnerUserStatus;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  removedAt: Date | null;
}

export const PartnerUserConnection = connectionType('PartnerUser', PartnerUser);
