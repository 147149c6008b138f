import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { PartnersContext } from '../context.type';
import { Partner, PartnerStatus } from '../partners';
import { OnboardingChecklistItem, OnboardingStep, PartnerStatusChange } from './onboarding.entity';
import { PartnerApplicationInput, PartnerApplicationReceipt } from './onboarding.input';
import {
  applyAsPartner,
  changePartnerStatus,
  receivePartnerApplication,
  completeOnboardingStep,
  onboardingChecklist,
  statusHistoryLoader,
} from './onboarding.service';

/** The partner lifecycle: application, review, onboarding checklist, suspension and termination. */
@Resolver(() => Partner)
export class PartnerOnboardingResolver {
  @Mutation(() => Partner, { description: 'A company applies to become a partner; it starts in APPLIED.' })
  async applyAsPartner(
    @Arg('input', () => PartnerApplicationInput, { description: 'The applying company.' })
    input: PartnerApplicationInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<Partner> {
    authorize(ctx.identity, 'create', 'Partner');
    return applyAsPartner(ctx, input);
  }

  @Mutation(() => PartnerApplicationReceipt, {
    description:
      'A company applies to the partner program without an account (the one operation the gateway accepts without a token; limited per source address). The answer is the same whether or not the company, domain or email is already known.',
  })
  async submitPartnerApplication(
    @Arg('input', () => PartnerApplicationInput, { description: 'The applying company and its contact.' })
    input: PartnerApplicationInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<PartnerApplicationReceipt> {
    authorize(ctx.identity, 'create', 'PartnerApplication');
    return receivePartnerApplication(ctx, input);
  }

  @Mutation(() => Partner, { description: 'APPLIED → IN_REVIEW. Roles: CHANNEL_MANAGER and ADMIN.' })
  async startPartnerReview(
    @Arg('id', () => ID, { description: 'The partner application.' }) id: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<Partner> {
    authorize(ctx.identity, 'update', 'Partner');
    return changePartnerStatus(ctx, id, PartnerStatus.IN_REVIEW);
  }

  @Mutation(() => Partner, {
    description:
      'IN_REVIEW → ONBOARDING, and opens the onboarding checklist. Roles: CHANNEL_MANAGER and ADMIN.',
  })
  async approvePartnerApplication(
    @Arg('id', () => ID, { description: 'The partner application.' }) id: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<Partner> {
    authorize(ctx.identity, 'update', 'Partner');
    return changePartnerStatus(ctx, id, PartnerStatus.ONBOARDING);
  }

  @Mutation(() => Partner, {
    description: 'APPLIED or IN_REVIEW → REJECTED (final). Roles: CHANNEL_MANAGER and ADMIN.',
  })
  async rejectPartnerApplication(
    @Arg('id', () => ID, { description: 'The partner application.' }) id: string,
    @Arg('reason', () => String, { description: 'Why the application is rejected.' }) reason: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<Partner> {
    authorize(ctx.identity, 'update', 'Partner');
    return changePartnerStatus(ctx, id, PartnerStatus.REJECTED, reason);
  }

  @Mutation(() => Partner, { description: 'ACTIVE → SUSPENDED. Roles: CHANNEL_MANAGER and ADMIN.' })
  async suspendPartner(
    @Arg('id', () => ID, { description: 'The partner.' }) id: string,
    @Arg('reason', () => String, { description: 'Why the partner is suspended.' }) reason: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<Partner> {
    authorize(ctx.identity, 'update', 'Partner');
    return changePartnerStatus(ctx, id, PartnerStatus.SUSPENDED, reason);
  }

  @Mutation(() => Partner, { description: 'SUSPENDED → ACTIVE. Roles: CHANNEL_MANAGER and ADMIN.' })
  async reactivatePartner(
    @Arg('id', () => ID, { description: 'The partner.' }) id: string,
    @Arg('reason', () => String, { description: 'Why the partner is reactivated.', nullable: true })
    reason: string | null,
    @Ctx() ctx: PartnersContext,
  ): Promise<Partner> {
    authorize(ctx.identity, 'update', 'Partner');
    return changePartnerStatus(ctx, id, PartnerStatus.ACTIVE, reason);
  }

  @Mutation(() => Partner, {
    description: 'ACTIVE or SUSPENDED → TERMINATED (final). Roles: CHANNEL_MANAGER and ADMIN.',
  })
  async terminatePartner(
    @Arg('id', () => ID, { description: 'The partner.' }) id: string,
    @Arg('reason', () => String, { description: 'Why the partnership ends.' }) reason: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<Partner> {
    authorize(ctx.identity, 'update', 'Partner');
    return changePartnerStatus(ctx, id, PartnerStatus.TERMINATED, reason);
  }

  @Mutation(() => Partner, {
    description:
      'Completes a step of an ONBOARDING partner; completing the last one makes the partner ACTIVE.',
  })
  async completeOnboardingStep(
    @Arg('partnerId', () => ID, { description: 'The onboarding partner.' }) partnerId: string,
    @Arg('step', () => OnboardingStep, { description: 'The onboarding step completed.' })
    step: OnboardingStep,
    @Ctx() ctx: PartnersContext,
  ): Promise<Partner> {
    authorize(ctx.identity, 'update', 'Onboarding');
    return completeOnboardingStep(ctx, partnerId, step);
  }

  @FieldResolver(() => [OnboardingChecklistItem], { description: 'Empty until the application is approved.' })
  async onboardingChecklist(
    @Root() partner: Partner,
    @Ctx() ctx: PartnersContext,
  ): Promise<OnboardingChecklistItem[]> {
    authorize(ctx.identity, 'read', 'Onboarding');
    return onboardingChecklist(ctx, partner.id);
  }

  @FieldResolver(() => [PartnerStatusChange], { description: 'Every status change, oldest first.' })
  async statusHistory(@Root() partner: Partner, @Ctx() ctx: PartnersContext): Promise<PartnerStatusChange[]> {
    authorize(ctx.identity, 'read', 'Onboarding');
    return statusHistoryLoader(ctx).load(partner.id);
  }
}
