import { CRM_DEAL } from '../access/partner-scope';
import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import { DealRef } from '../attribution/shared-entities';
import type { PartnersContext } from '../context.type';
import { CrmConflictCheck, DealRegistration, DealRegistrationDealStatus } from './registration.entity';
import { dealStatusOf } from './registration-deal.rules';
import { crmConflictsLoader, expireDealRegistrations, extendRegistration } from './registration-deal.service';
import { lockRegistration } from './registration.service';

@ObjectType({ description: 'What one expiry run did.' })
export class DealRegistrationExpiry {
  @Field(() => [DealRegistration], {
    description: 'Approved registrations whose protection ended: now EXPIRED.',
  })
  expired: DealRegistration[];

  @Field(() => [DealRegistration], {
    description: 'Protection ended, kept APPROVED: their CRM deal progressed past PROSPECTING.',
  })
  keptInProgress: DealRegistration[];
}

/** A registration's CRM deal, its conflicts with CRM deals, extension and expiry. */
@Resolver(() => DealRegistration)
export class DealRegistrationDealResolver {
  @FieldResolver(() => DealRef, {
    nullable: true,
    description: 'The CRM deal the approval created (sourced by the partner); null until it exists.',
  })
  deal(@Root() registration: DealRegistration): DealRef | null {
    return registration.dealId ? { id: registration.dealId } : null;
  }

  @FieldResolver(() => DealRegistrationDealStatus, {
    nullable: true,
    description: 'PENDING from approval until the CRM deal exists, then CREATED; null before approval.',
  })
  dealStatus(@Root() registration: DealRegistration): DealRegistrationDealStatus | null {
    return dealStatusOf(registration);
  }

  // The CRM check and its override speak of the CRM's own (direct) deals: internal data, hidden
  // from partner users by the field classes in auth/permissions.ts.
  @FieldResolver(() => CrmConflictCheck, {
    nullable: true,
    description: 'What the check for open CRM deals of the same customer found at approval.',
  })
  crmConflictCheck(@Root() registration: DealRegistration): CrmConflictCheck | null {
    return registration.crmConflictCheck;
  }

  @FieldResolver(() => [ID], {
    nullable: true,
    description: 'Open CRM deals the approver overrode, with overrideReason.',
  })
  overriddenDealIds(@Root() registration: DealRegistration): string[] {
    return registration.overriddenDealIds;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why the approver overrode conflicting CRM deals.',
  })
  overrideReason(@Root() registration: DealRegistration): string | null {
    return registration.overrideReason;
  }

  @FieldResolver(() => [DealRef], {
    nullable: true,
    description:
      'Open CRM deals of the same customer (normalised domain or company name), other than its own deal; they ' +
      "block approval unless overridden. A partner user sees only its own partner's deals among them. Null " +
      'when the CRM cannot be reached.',
  })
  async conflictingDeals(
    @Root() registration: DealRegistration,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRef[] | null> {
    authorize(ctx.identity, 'read', 'DealRegistration');
    const dealIds = await crmConflictsLoader(ctx).load(registration);
    if (dealIds === null) return null;
    return ctx.scope.filter(
      CRM_DEAL,
      dealIds.map((id) => ({ id })),
    );
  }

  @Mutation(() => DealRegistration, {
    description:
      "Moves the end of an APPROVED registration's protection later (channel managers), with a reason.",
  })
  async extendDealRegistration(
    @Arg('id', () => ID, { description: 'The APPROVED deal registration.' }) id: string,
    @Arg('until', () => Date, { description: 'The new end of the protection.' }) until: Date,
    @Arg('reason', () => String, { description: 'Why the protection is extended.' }) reason: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRegistration> {
    authorize(ctx.identity, 'update', 'DealRegistrationReview');
    return extendRegistration(ctx, (manager) => lockRegistration(ctx, manager, id), until, reason);
  }

  @Mutation(() => DealRegistrationExpiry, {
    description:
      'Expires approved registrations whose protection ended, unless their CRM deal progressed past PROSPECTING. Roles: CHANNEL_MANAGER and ADMIN.',
  })
  async expireDealRegistrations(@Ctx() ctx: PartnersContext): Promise<DealRegistrationExpiry> {
    authorize(ctx.identity, 'update', 'DealRegistrationReview');
    return expireDealRegistrations(ctx);
  }
}
