import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { PartnerStatus } from '../partners';

export enum OnboardingStep {
  AGREEMENT_ACCEPTED = 'AGREEMENT_ACCEPTED',
  PROFILE_COMPLETED = 'PROFILE_COMPLETED',
  FIRST_TRAINING_PASSED = 'FIRST_TRAINING_PASSED',
}
registerEnumType(OnboardingStep, {
  name: 'OnboardingStep',
  description: 'The steps a partner completes while ONBOARDING, after which it becomes ACTIVE.',
  valuesConfig: {
    AGREEMENT_ACCEPTED: { description: 'The partner accepted the partner agreement.' },
    PROFILE_COMPLETED: { description: 'The partner completed its profile.' },
    FIRST_TRAINING_PASSED: { description: 'A user of the partner passed a first course.' },
  },
});

/** One item of a partner's onboarding checklist, created when the application is approved. */
@ObjectType({ description: "One step of a new partner's onboarding checklist. Partners see their own." })
@Entity({ name: 'onboarding_checklist_items' })
export class OnboardingChecklistItem extends BusinessRecord {
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => OnboardingStep, { description: 'The step.' })
  @Column({ type: 'text' })
  step: OnboardingStep;

  @Field(() => Date, { nullable: true, description: 'Null while the step is open.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;

  @Field(() => String, {
    description: 'User id of whoever completed it (internal roles only).',
    nullable: true,
  })
  @Column({ type: 'text', nullable: true })
  completedBy: string | null;

  @Field(() => Boolean, { description: 'Whether the step is done.' })
  get completed(): boolean {
    return this.completedAt !== null;
  }
}

/** One move of a partner through its lifecycle. */
@ObjectType({
  description: "One change of a partner's program status (a history entry: from, to, at, by, reason).",
})
@Entity({ name: 'partner_status_changes' })
export class PartnerStatusChange extends BusinessRecord {
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => PartnerStatus, {
    name: 'from',
    nullable: true,
    description: 'Null for the status a partner started in.',
  })
  @Column({ type: 'text', nullable: true })
  fromStatus: PartnerStatus | null;

  @Field(() => PartnerStatus, { description: 'The status the partner moved to.', name: 'to' })
  @Column({ type: 'text' })
  toStatus: PartnerStatus;

  @Field(() => String, { description: 'Why, when given.', nullable: true })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => Date, { description: 'When the status changed.', name: 'at' })
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  changedAt: Date;

  @Field(() => String, { name: 'by', nullable: true, description: 'Subject (user id) who made the change.' })
  @Column({ type: 'text', nullable: true })
  changedBy: string | null;
}
