import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import { assertId, BadUserInputError, ConflictError, NotFoundError } from '@sales-graph/shared/errors';
import { parseCurrency } from '@sales-graph/shared/graphql/scalars';
import { nonNegativeAmount } from '@sales-graph/shared/money';
import { emit } from '@sales-graph/shared/events/events';
import { currentRequest } from '@sales-graph/shared/http';
import { optionalEmail, optionalText, requiredText } from '@sales-graph/shared/validation';
import { leadActivityCounts } from '../activities';
import {
  contactEvenDeleted,
  contactRoles,
  contactWithEmail,
  insertContact,
  newContactValues,
  type Contact,
} from '../contacts';
import {
  customerIn,
  insertCustomer,
  LifecycleStage,
  lockLiveCustomer,
  newCustomerValues,
  type Customer,
} from '../customers';
import { dealOfLeadIn, insertDeal, newDealValues, type Deal } from '../deals';
import { Lead, LeadStatus } from './lead.entity';
import type { LeadEvents } from './lead.events';
import type { ConvertLeadInput, UpdateLeadInput } from './lead.input';
import { assertTransition, planConsent, planLeadStatusChange } from './lead.rules';
import {
  emailDomain,
  engagementWindowStart,
  isFreeMail,
  leadScore,
  type ActivityCounts,
} from './lead.scoring';

/**
 * THE lead scoring entry point: recomputes the lead's score from its fit and the activities linked
 * to it in the engagement window, inside the caller's transaction (`manager`), and saves it if it
 * changed (audited). The lead row is locked first, so concurrent activity logs cannot lose an
 * update. Call it after any write that changes a scoring input.
 */
export async function recomputeLeadScore(
  manager: EntityManager,
  leadId: string,
  now: Date = new Date(),
  by: string = currentRequest()?.actor?.sub ?? 'system',
): Promise<Lead> {
  const lead = await manager.findOne(Lead, { where: { id: leadId }, lock: { mode: 'pessimistic_write' } });
  if (!lead) throw new NotFoundError('Lead', leadId);
  const rows = await leadActivityCounts(manager, lead.id, engagementWindowStart(now), now);
  const counts: ActivityCounts = Object.fromEntries(rows.map((row) => [row.type, row.count]));
  const score = leadScore(lead, counts);
  if (score === lead.score) return lead;
  const previousScore = lead.score;
  lead.score = score;
  const saved = await manager.save(lead);
  // Its reactions (score rules fire when it rises through their threshold) run in this transaction.
  await emit<LeadEvents>(manager, { type: 'LeadScoreChanged', lead: saved, previousScore, score, by });
  return saved;
}

async function lockLead(manager: EntityManager, id: string): Promise<Lead> {
  const lead = await manager.findOne(Lead, {
    where: { id: assertId('Lead', id) },
    lock: { mode: 'pessimistic_write' },
  });
  if (!lead) throw new NotFoundError('Lead', id);
  return lead;
}

const given = <T>(value: T | undefined): value is T => value !== undefined;

/** Changes the given fields and rescores the lead, in one transaction. */
export async function updateLead(ctx: RequestContext, id: string, input: UpdateLeadInput): Promise<Lead> {
  const changes: Partial<Lead> = {};
  if (given(input.name)) changes.name = requiredText(input.name ?? '', 'name');
  if (given(input.company)) changes.company = optionalText(input.company, 'company');
  if (given(input.email)) changes.email = optionalEmail(input.email);
  if (given(input.industry)) changes.industry = optionalText(input.industry, 'industry', 100);
  if (given(input.region)) changes.region = optionalText(input.region, 'region', 100);
  if (given(input.consentGiven) && input.consentGiven !== null)
    Object.assign(changes, planConsent(input, new Date()));
  else if (input.consentAt || input.consentSource)
    throw new BadUserInputError('consentAt and consentSource need consentGiven', 'consentGiven');
  return ctx.dataSource.transaction(async (manager) => {
    const lead = await lockLead(manager, id);
    Object.assign(lead, changes);
    await manager.save(lead);
    return recomputeLeadScore(manager, lead.id);
  });
}

export async function updateLeadStatus(
  ctx: RequestContext,
  id: string,
  status: LeadStatus,
  reason: string | null | undefined,
): Promise<Lead> {
  const why = optionalText(reason, 'reason', 500);
  return ctx.dataSource.transaction(async (manager) => {
    const lead = await lockLead(manager, id);
    const from = lead.status;
    Object.assign(lead, planLeadStatusChange(lead, status, why));
    const saved = await manager.save(lead);
    if (from !== saved.status) {
      await emit<LeadEvents>(manager, {
        type: 'LeadStatusChanged',
        lead: saved,
        from,
        to: saved.status,
        by: ctx.identity.sub,
      });
    }
    return saved;
  });
}

export interface ConvertedLead {
  lead: Lead;
  customer: Customer;
  contact: Contact;
  deal: Deal;
}

/** "Ana María López" → ["Ana María", "López"]; a single word is both first and last name. */
function splitName(name: string): [string, string] {
  const words = name.trim().split(/\s+/);
  return words.length > 1 ? [words.slice(0, -1).join(' '), words[words.length - 1]] : [words[0], words[0]];
}

/**
 * Converts a QUALIFIED lead into a customer (the given one, the lead's, or a new one checked for
 * duplicates), a contact and a deal, in ONE transaction, and links the lead to all three. Safe to
 * retry: a converted lead answers with what it was converted into and creates nothing.
 */
export async function convertLead(
  ctx: RequestContext,
  id: string,
  input: ConvertLeadInput,
): Promise<ConvertedLead> {
  const leadId = assertId('Lead', id);
  // The deal's money is checked before anything is read (its title needs the lead).
  nonNegativeAmount(input.amount);
  parseCurrency(input.currency);
  const customerId = input.customerId ? assertId('Customer', input.customerId) : null;
  const roles = contactRoles(input.roles);
  return ctx.dataSource.transaction(async (manager) => {
    const lead = await lockLead(manager, leadId);
    if (lead.status === LeadStatus.CONVERTED) return alreadyConverted(manager, lead);
    assertTransition(lead.status, LeadStatus.CONVERTED);

    // Everything is validated before the first write.
    const [first, last] = splitName(lead.name);
    const contactValues = newContactValues({
      firstName: input.firstName ?? first,
      lastName: input.lastName ?? last,
      email: lead.email,
      phone: input.phone,
      title: input.title,
      roles,
    });
    const dealValues = newDealValues({
      title: requiredText(input.dealTitle ?? `${lead.company ?? lead.name} – ${lead.name}`, 'dealTitle'),
      amount: input.amount,
      currency: input.currency,
      expectedCloseDate: input.expectedCloseDate,
      ownerId: ctx.identity.sub,
    });
    const existingCustomerId = customerId ?? lead.customerId;
    let customer: Customer;
    if (existingCustomerId) {
      customer = await lockLiveCustomer(manager, existingCustomerId);
    } else {
      const newCustomer = {
        name: input.customerName ?? lead.company ?? '',
        domain: input.domain ?? (lead.email && !isFreeMail(lead.email) ? emailDomain(lead.email) : null),
        industry: lead.industry,
        region: lead.region,
        lifecycleStage: LifecycleStage.OPPORTUNITY,
        allowDuplicate: input.allowDuplicate,
      };
      if (!newCustomer.name.trim())
        throw new BadUserInputError(
          'The lead has no company: give customerId or customerName',
          'customerName',
        );
      newCustomerValues(newCustomer);
      customer = await insertCustomer(ctx, manager, newCustomer);
    }

    // The customer's live contact with the lead's email is the lead's contact; otherwise a new one.
    const existingContact = contactValues.email
      ? await contactWithEmail(manager, customer.id, contactValues.email)
      : null;
    const contact = existingContact ?? (await insertContact(ctx, manager, customer.id, contactValues));

    // A deal created for this lead before conversion is the lead's deal (one per lead).
    let deal = await dealOfLeadIn(manager, lead.id);
    deal ??= await insertDeal(
      manager,
      dealValues,
      { customerId: customer.id, leadId: lead.id },
      ctx.identity.sub,
    );

    Object.assign(lead, {
      status: LeadStatus.CONVERTED,
      statusReason: null,
      customerId: customer.id,
      contactId: contact.id,
    });
    await manager.save(lead);
    await emit<LeadEvents>(manager, {
      type: 'LeadConverted',
      lead,
      customerId: customer.id,
      contactId: contact.id,
      dealId: deal.id,
      by: ctx.identity.sub,
    });
    return { lead, customer, contact, deal };
  });
}

/** What a converted lead was converted into (the records may since have been deleted: withDeleted). */
async function alreadyConverted(manager: EntityManager, lead: Lead): Promise<ConvertedLead> {
  // One connection (the transaction's): one query at a time.
  const customer = lead.customerId ? await customerIn(manager, lead.customerId, true) : null;
  const contact = lead.contactId ? await contactEvenDeleted(manager, lead.contactId) : null;
  const deal = await dealOfLeadIn(manager, lead.id, true);
  if (!customer || !contact || !deal) {
    // Converted before conversion linked all three (e.g. imported data): nothing to return or redo.
    throw new ConflictError(`Lead ${lead.id} is already CONVERTED`, 'id', { allowed: [] });
  }
  return { lead, customer, contact, deal };
}
