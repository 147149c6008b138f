import { Field, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';

/**
 * A person of our company (never a partner's user): kept from the identity provider's claims on
 * their requests (`user.service.ts` `rememberUser`). Records are owned by a user's `sub`.
 */
@ObjectType({
  description:
    'A person of our company (internal staff, never a partner user), kept from the identity provider on their first request. Roles: internal roles read; ADMIN manages teams.',
})
@Entity({ name: 'users' })
export class User extends BusinessRecord {
  @Field(() => String, {
    description: "The identity provider's subject: what `ownerId` fields hold for the user's records.",
  })
  @Column({ type: 'text', unique: true })
  sub: string;

  @Field(() => String, { nullable: true, description: 'Display name (the `name` claim), when known.' })
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Field(() => String, { nullable: true, description: 'Email (the `email` claim), when known.' })
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Field(() => String, { description: 'The role of their latest request, e.g. SALES.' })
  @Column({ type: 'text' })
  role: string;

  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @Field(() => Boolean, { description: 'False once the person left: nothing can be handed to them.' })
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Field(() => Date, {
    nullable: true,
    description: 'Their first request to a CRM process (refreshed once per process and claims).',
  })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastSeenAt: Date | null;
}

@ObjectType({ description: 'A sales team: a name, its manager and its members (ADMIN manages them).' })
@Entity({ name: 'teams' })
export class Team extends BusinessRecord {
  @Field(() => String, { description: 'Unique name of the team.' })
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'uuid', nullable: true })
  managerId: string | null;
}

@ObjectType({ description: 'A territory: a set of sales regions that one team covers.' })
@Entity({ name: 'territories' })
export class Territory extends BusinessRecord {
  @Field(() => String, { description: 'Unique name of the territory.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => [String], {
    description: 'The sales regions it covers (a region is in one territory at most).',
  })
  @Column({ type: 'text', array: true })
  regions: string[];

  @Column({ type: 'uuid' })
  teamId: string;
}

export const UserConnection = connectionType('User', User);
export const TeamConnection = connectionType('Team', Team);
export const TerritoryConnection = connectionType('Territory', Territory);
