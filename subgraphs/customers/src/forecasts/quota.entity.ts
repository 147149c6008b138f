import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, CurrencyField, MoneyField } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { LocalDateScalar } from '@sales-graph/shared/graphql/scalars';

/**
 * A sales target: the amount one user (a rep) or one team is to win in a period of whole days.
 * Exactly one of `userId` and `teamId`; a user's (or team's) quotas never overlap.
 */
@ObjectType({
  description:
    'A quota: the amount a user or a team is to win (closed won) in a period. Roles: ADMIN and a team manager (for the members of their team) set them; SALES reads its own and its team; ANALYST reads.',
})
@Entity({ name: 'quotas' })
export class Quota extends BusinessRecord {
  @Field(() => ID, {
    nullable: true,
    description: "The user (`User.id`) the quota is for; null for a team's.",
  })
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Field(() => ID, { nullable: true, description: "The team the quota is for; null for a user's." })
  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @Field(() => LocalDateScalar, { description: 'First day of the period.' })
  @Column({ type: 'date' })
  periodStart: string;

  @Field(() => LocalDateScalar, { description: 'Last day of the period (inclusive).' })
  @Column({ type: 'date' })
  periodEnd: string;

  @MoneyField({ description: 'The target, exact, in `currency` (≥ 0).' })
  amount: string;

  @CurrencyField({ description: 'ISO 4217 currency of `amount`.' })
  currency: string;
}

export const QuotaConnection = connectionType('Quota', Quota);
