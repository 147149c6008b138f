import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';

export enum PartnerUserRole {
  ADMIN = 'ADMIN',
  MEMBER = 'MEMBER',
}
registerEnumType(PartnerUserRole, {
  name: 'PartnerUserRole',
  description: "A person's role on a partner's team.",
  valuesConfig: {
    ADMIN: { description: "Manages the partner's team (invites and removes its users)." },
    MEMBER: { description: "Works the partner's deals and leads." },
  },
});

export enum PartnerUserStatus {
  INVITED = 'INVITED',
  ACTIVE = 'ACTIVE',
  REMOVED = 'REMOVED',
}
registerEnumType(PartnerUserStatus, {
  name: 'PartnerUserStatus',
  description: 'Whether a partner user may sign in.',
  valuesConfig: {
    INVITED: { description: 'Invited; not yet accepted.' },
    ACTIVE: { description: 'May sign in.' },
    REMOVED: { description: 'Removed from the team; may no longer sign in.' },
  },
});

/** A person who works for a partner and uses the partner portal; belongs to exactly one partner. */
@ObjectType({
  description:
    "A person on a partner's team who may sign in as a partner user. Partner admins manage their own team; CHANNEL_MANAGER and ADMIN manage all.",
})
@Entity({ name: 'partner_users' })
export class PartnerUser extends BusinessRecord {
  @Field(() => ID, { description: 'The partner the person works for.' })
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => String, { nullable: true, description: 'Lower-cased email address.' })
  @Column({ type: 'text' })
  email: string;

  @Field(() => String, { description: "The person's name (personal data).", nullable: true })
  @Column({ type: 'text' })
  name: string;

  @Field(() => PartnerUserRole, { description: "Their role on the partner's team." })
  @Column({ type: 'text' })
  role: PartnerUserRole;

  @Field(() => PartnerUserStatus, { description: 'Whether the person may sign in.' })
  @Column({ type: 'text' })
  status: PartnerUserStatus;

  @Field(() => Date, { description: 'When the person was removed from the team.', nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  removedAt: Date | null;
}

export const PartnerUserConnection = connectionType('PartnerUser', PartnerUser);
