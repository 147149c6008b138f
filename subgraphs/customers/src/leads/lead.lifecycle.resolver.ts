import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { Contact, findContact } from '../contacts';
import { Lead, LeadStatus } from './lead.entity';
import { ConvertLeadInput, UpdateLeadInput } from './lead.input';
import { convertLead, updateLead, updateLeadStatus } from './lead.lifecycle';
import { ConvertLeadResult } from './lead.types';

@Resolver(() => Lead)
export class LeadLifecycleResolver {
  @Mutation(() => Lead, {
    description: 'Changes the given fields and rescores the lead. Roles: SALES, MARKETING and ADMIN.',
  })
  async updateLead(
    @Arg('id', () => ID, { description: 'The lead.' }) id: string,
    @Arg('input', () => UpdateLeadInput, {
      description: 'The fields to change; omitted fields keep their value.',
    })
    input: UpdateLeadInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Lead> {
    authorize(ctx.identity, 'update', 'Lead');
    return updateLead(ctx, id, input);
  }

  @Mutation(() => Lead, {
    description:
      'Moves a lead through NEW → CONTACTED → QUALIFIED (or DISQUALIFIED, with a reason, and back to NEW); CONVERTED only through convertLead. Roles: SALES, MARKETING and ADMIN.',
  })
  async updateLeadStatus(
    @Arg('id', () => ID, { description: 'The lead.' }) id: string,
    @Arg('status', () => LeadStatus, { description: "The lead's next status." }) status: LeadStatus,
    @Arg('reason', () => String, { description: 'Why; required for DISQUALIFIED.', nullable: true })
    reason: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Lead> {
    authorize(ctx.identity, 'update', 'Lead');
    return updateLeadStatus(ctx, id, status, reason);
  }

  @Mutation(() => ConvertLeadResult, {
    description:
      'Converts a QUALIFIED lead into customer + contact + deal in one transaction; converting it again returns the same records. Roles: SALES, MARKETING and ADMIN.',
  })
  async convertLead(
    @Arg('id', () => ID, { description: 'The QUALIFIED lead.' }) id: string,
    @Arg('input', () => ConvertLeadInput, { description: 'Details for the new contact and deal.' })
    input: ConvertLeadInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ConvertLeadResult> {
    authorize(ctx.identity, 'update', 'Lead');
    authorize(ctx.identity, 'create', 'Customer');
    authorize(ctx.identity, 'create', 'Contact');
    authorize(ctx.identity, 'create', 'Deal');
    return convertLead(ctx, id, input);
  }

  @FieldResolver(() => Contact, {
    nullable: true,
    description: 'The contact this lead became, if converted.',
  })
  async contact(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<Contact | null> {
    authorize(ctx.identity, 'read', 'Contact');
    if (!lead.contactId) return null;
    return findContact(ctx, lead.contactId);
  }
}
