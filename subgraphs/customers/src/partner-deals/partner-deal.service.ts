import type { RequestContext } from '@sales-graph/shared/context';
import { assertId, BadUserInputError, ConflictError } from '@sales-graph/shared/errors';
import { normaliseDomain, requiredText } from '@sales-graph/shared/validation';
import {
  customersMatchingProspects,
  CustomerOwnership,
  findDuplicateCustomer,
  insertCustomer,
} from '../customers';
import {
  dealEvenDeleted,
  insertDeal,
  lockDealExternalRef,
  type Deal,
  newDealValues,
  openDealsOfCustomers,
  replaceLineItems,
} from '../deals';
import type { ProspectInput } from '../customers';
import type { PartnerSourcedDealInput } from './partner-deal.input';
import { customerNameKey } from '../customers';
import { applyAttributionChanges } from './partner-attributions';
import { logger } from '@sales-graph/shared/log';

const log = logger('customers');

/** How many prospects one conflict check may ask about. */
export const MAX_PROSPECTS = 500;

/**
 * Creates the CRM deal of an approved deal registration, or returns the one created before under
 * the same `externalRef` (a retry): the customer is found by normalised domain, else by
 * normalised name, else created; customer and deal are written in one transaction. Concurrent
 * calls with the same key are serialised by an advisory lock, and the unique index on
 * `external_ref` backs it: there is never a second deal for one key. With `id`, the new deal gets
 * that id (the PRM has recorded its attribution under it already); an id another deal holds is
 * CONFLICT.
 */
export async function createPartnerSourcedDeal(
  ctx: RequestContext,
  input: PartnerSourcedDealInput,
): Promise<Deal> {
  const externalRef = requiredText(input.externalRef, 'externalRef', 200);
  const title = requiredText(input.title, 'title');
  const customerName = requiredText(input.customerName, 'customerName');
  const customerDomain = normaliseDomain(input.customerDomain, 'customerDomain');
  // A registration's deal starts PROSPECTING with no owner: the CRM team assigns it.
  const values = newDealValues({
    title,
    amount: input.amount,
    currency: input.currency,
    expectedCloseDate: input.expectedCloseDate,
    ownerId: null,
  });
  const id = input.id == null ? null : assertIdInput(input.id);
  const partnerId = input.partnerId == null ? null : assertIdInput(input.partnerId, 'partnerId');
  const by = ctx.identity.sub;
  return ctx.dataSource.transaction(async (manager) => {
    await lockDealExternalRef(manager, externalRef);
    // A deleted deal still answers for its key: the registration's deal is never made twice.
    const existing = await dealEvenDeleted(manager, { externalRef });
    if (existing) return existing;
    if (id && (await dealEvenDeleted(manager, { id }))) {
      throw new ConflictError('Another deal has this id', 'id');
    }
    const match = await findDuplicateCustomer(manager, { name: customerName, domain: customerDomain });
    // A customer the partner brought (new to the CRM) is the partner's: CHANNEL, owned by it.
    const customerId =
      match?.id ??
      (
        await insertCustomer(
          ctx,
          manager,
          { name: customerName, domain: customerDomain },
          channelOwner(partnerId),
        )
      ).id;
    const deal = await insertDeal(manager, values, { customerId, externalRef, id }, by);
    if (input.lineItems?.length) {
      // Checked against the catalogue at registration; a product withdrawn since then must not
      // hold the deal back (the outbox would retry for ever): the deal keeps the estimate instead.
      await replaceLineItems(manager, deal, input.lineItems, by).catch((error: unknown) => {
        if (!(error instanceof BadUserInputError)) throw error;
        log.warn('registration product lines not applied to its deal', error.message, { externalRef });
      });
    }
    if (partnerId) {
      // The deal never exists without its partner in the projection; version 0 loses to any change.
      await applyAttributionChanges(manager, [
        {
          recordId: deal.id,
          role: 'SOURCED',
          partnerId,
          version: '0',
          attributedAt: new Date().toISOString(),
        },
      ]);
    }
    return deal;
  });
}

const channelOwner = (partnerId: string | null) =>
  partnerId ? { ownership: CustomerOwnership.CHANNEL, ownerPartnerId: partnerId } : {};

/** A deal id the caller chose: a uuid, else BAD_USER_INPUT naming `id`. */
function assertIdInput(id: string, field = 'id'): string {
  try {
    return assertId('Deal', id);
  } catch {
    throw new BadUserInputError(`${field} must be a uuid`, field);
  }
}

/**
 * For each prospect, the open deals (any stage but CLOSED_WON / CLOSED_LOST) of the live
 * customers with its normalised domain or normalised name: one statement for all prospects.
 */
export async function openDealsForProspects(
  ctx: RequestContext,
  prospects: readonly ProspectInput[],
): Promise<{ ref: string; dealIds: string[] }[]> {
  if (prospects.length > MAX_PROSPECTS) {
    throw new BadUserInputError(`At most ${MAX_PROSPECTS} prospects at a time`, 'prospects');
  }
  if (prospects.length === 0) return [];
  const refs = prospects.map((p) => requiredText(p.ref, 'ref'));
  const domains = prospects.map((p) => normaliseDomain(p.domain, 'domain'));
  const keys = prospects.map((p) => customerNameKey(requiredText(p.name, 'name')));
  const matches = await customersMatchingProspects(
    ctx.dataSource,
    refs.map((ref, i) => ({ ref, domain: domains[i], nameKey: keys[i] })),
  );
  // The deals come oldest first: each prospect's keep that order.
  const deals = await openDealsOfCustomers(
    ctx.dataSource,
    matches.map((match) => match.customerId),
  );
  return refs.map((ref) => {
    const customers = new Set(matches.filter((match) => match.ref === ref).map((match) => match.customerId));
    return { ref, dealIds: deals.filter((deal) => customers.has(deal.customerId)).map((deal) => deal.id) };
  });
}
