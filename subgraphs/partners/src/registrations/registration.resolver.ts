import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import type { PartnersContext } from '../context.type';
import { Partner, findPartner } from '../partners';
import { DealRegistration, DealRegistrationConnection, DealRegistrationStatus } from './registration.entity';
import { DealRegistrationFilter, DealRegistrationOrder } from './registration.filter';
import { RegisterDealInput, UpdateDealRegistrationInput } from './registration.input';
import {
  getRegistration,
  listRegistrations,
  moveRegistration,
  partnerRegistrations,
  registerDeal,
  updateDealRegistration,
  visibleConflicts,
} from './registration.service';

const R = DealRegistrationStatus;

@Resolver(() => DealRegistration)
export class DealRegistrationResolver {
  @Query(() => DealRegistration, {
    description:
      "One deal registration by id (a partner user only its own partner's). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.",
    nullable: true,
  })
  async dealRegistration(
    @Arg('id', () => ID, { description: "The registration's id." }) id: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRegistration> {
    authorize(ctx.identity, 'read', 'DealRegistration');
    return getRegistration(ctx, id);
  }

  @Query(() => DealRegistrationConnection, {
    description:
      "Deal registrations, in creation order unless `orderBy` says otherwise; a partner user sees only its own partner's registrations.",
  })
  async dealRegistrations(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => DealRegistrationFilter, {
      description: 'Only registrations meeting these conditions.',
      nullable: true,
    })
    filter: DealRegistrationFilter | undefined,
    @Arg('orderBy', () => DealRegistrationOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, {
      nullable: true,
      description: "The prospect's company name or domain contains this, ignoring case.",
    })
    search: string | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<DealRegistration>> {
    authorize(ctx.identity, 'read', 'DealRegistration');
    return listRegistrations(ctx, args, { filter, orderBy, search });
  }

  @Mutation(() => DealRegistration, {
    description: 'Registers an opportunity for an ACTIVE partner (SUBMITTED).',
  })
  async registerDeal(
    @Arg('input', () => RegisterDealInput, { description: 'The prospect and the opportunity.' })
    input: RegisterDealInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRegistration> {
    authorize(ctx.identity, 'create', 'DealRegistration');
    return registerDeal(ctx, input);
  }

  @Mutation(() => DealRegistration, {
    description: 'Edits a SUBMITTED or RETURNED registration. Roles: CHANNEL_MANAGER, PARTNER and ADMIN.',
  })
  async updateDealRegistration(
    @Arg('id', () => ID, { description: 'The deal registration.' }) id: string,
    @Arg('input', () => UpdateDealRegistrationInput, {
      description: 'The fields to change; omitted fields keep their value.',
    })
    input: UpdateDealRegistrationInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRegistration> {
    authorize(ctx.identity, 'update', 'DealRegistration');
    return updateDealRegistration(ctx, id, input);
  }

  @Mutation(() => DealRegistration, {
    description: 'RETURNED → SUBMITTED, after editing. Roles: CHANNEL_MANAGER, PARTNER and ADMIN.',
  })
  async submitDealRegistration(
    @Arg('id', () => ID, { description: 'The deal registration.' }) id: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRegistration> {
    authorize(ctx.identity, 'update', 'DealRegistration');
    return moveRegistration(ctx, id, R.SUBMITTED);
  }

  @Mutation(() => DealRegistration, {
    description:
      'Withdraws a registration that is not approved yet. Roles: CHANNEL_MANAGER, PARTNER and ADMIN.',
  })
  async withdrawDealRegistration(
    @Arg('id', () => ID, { description: 'The deal registration.' }) id: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRegistration> {
    authorize(ctx.identity, 'update', 'DealRegistration');
    return moveRegistration(ctx, id, R.WITHDRAWN);
  }

  @Mutation(() => DealRegistration, {
    description: 'SUBMITTED → UNDER_REVIEW (CHANNEL_MANAGER and ADMIN).',
    deprecationReason: 'Use startDealRegistrationReview',
  })
  async reviewDealRegistration(
    @Arg('id', () => ID, { description: 'The deal registration.' }) id: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRegistration> {
    return this.startDealRegistrationReview(id, ctx);
  }

  @Mutation(() => DealRegistration, {
    description:
      'Starts the review of a submitted deal registration: SUBMITTED → UNDER_REVIEW (CHANNEL_MANAGER and ADMIN).',
  })
  async startDealRegistrationReview(
    @Arg('id', () => ID, { description: 'The deal registration.' }) id: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRegistration> {
    authorize(ctx.identity, 'update', 'DealRegistrationReview');
    return moveRegistration(ctx, id, R.UNDER_REVIEW);
  }

  @Mutation(() => DealRegistration, {
    description:
      'UNDER_REVIEW → APPROVED: protects the partner on the prospect and creates its CRM deal (sourced by the ' +
      'partner); refused while another approval is live, and while the CRM has open deals for the same ' +
      'customer unless overrideConflicts is true with a reason (recorded).',
  })
  async approveDealRegistration(
    @Arg('id', () => ID, { description: 'The deal registration.' }) id: string,
    @Arg('overrideConflicts', () => Boolean, {
      description: 'Approve although the CRM has open deals for the same customer (the reason is recorded).',
      nullable: true,
      defaultValue: false,
    })
    overrideConflicts: boolean,
    @Arg('reason', () => String, { nullable: true, description: 'Required with overrideConflicts.' })
    reason: string | null,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRegistration> {
    authorize(ctx.identity, 'update', 'DealRegistrationReview');
    return moveRegistration(ctx, id, R.APPROVED, { overrideConflicts, reason });
  }

  @Mutation(() => DealRegistration, {
    description: 'UNDER_REVIEW → REJECTED (final). Roles: CHANNEL_MANAGER and ADMIN.',
  })
  async rejectDealRegistration(
    @Arg('id', () => ID, { description: 'The deal registration.' }) id: string,
    @Arg('reason', () => String, { description: 'Why it is rejected; shown to the partner.' }) reason: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRegistration> {
    authorize(ctx.identity, 'update', 'DealRegistrationReview');
    return moveRegistration(ctx, id, R.REJECTED, { reason });
  }

  @Mutation(() => DealRegistration, {
    description: 'UNDER_REVIEW → RETURNED: the partner is asked to fix and resubmit it.',
  })
  async returnDealRegistration(
    @Arg('id', () => ID, { description: 'The deal registration.' }) id: string,
    @Arg('reason', () => String, { description: 'What the partner should fix.' }) reason: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRegistration> {
    authorize(ctx.identity, 'update', 'DealRegistrationReview');
    return moveRegistration(ctx, id, R.RETURNED, { reason });
  }

  @FieldResolver(() => Partner, { description: 'The partner that registered the deal.', nullable: true })
  async partner(
    @Root() registration: DealRegistration,
    @Ctx() ctx: PartnersContext,
  ): Promise<Partner | null> {
    authorize(ctx.identity, 'read', 'Partner');
    return findPartner(ctx, registration.partnerId);
  }

  @FieldResolver(() => [DealRegistration], {
    description:
      'Other live registrations (submitted, under review, or approved and still protected) for the same prospect ' +
      "domain or company name. A partner user sees only its own partner's among them. Open CRM deals of the " +
      'same customer are in conflictingDeals.',
  })
  async conflicts(
    @Root() registration: DealRegistration,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRegistration[]> {
    authorize(ctx.identity, 'read', 'DealRegistration');
    return visibleConflicts(ctx, registration);
  }
}

@Resolver(() => Partner)
export class PartnerRegistrationsResolver {
  @FieldResolver(() => DealRegistrationConnection, {
    description: "The partner's deal registrations, oldest first.",
  })
  async dealRegistrations(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<DealRegistration>> {
    authorize(ctx.identity, 'read', 'DealRegistration');
    return partnerRegistrations(ctx, partner.id, args);
  }
}
