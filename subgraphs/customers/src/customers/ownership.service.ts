import type { RequestContext } from '@sales-graph/shared/context';
import { assertId, BadUserInputError, isUuid, NotFoundError } from '@sales-graph/shared/errors';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { normaliseDomain, requiredText } from '@sales-graph/shared/validation';
import type { CustomersContext } from '../access';
import { Customer, CustomerOwnership } from './customer.entity';
import { customerNameKey } from './customer.rules';
import { getCustomer } from './customer.service';
import { CustomerOwnershipChange } from './ownership.entity';
import { requestedOwnership, sameOwnership, type Ownership } from './ownership.rules';

export const ownershipChangeRepo = (ctx: RequestContext) =>
  ctx.dataSource.getRepository(CustomerOwnershipChange);

/**
 * Sets a customer's ownership under the rules of engagement, with a reason: the customer row and
 * one history entry (from, to, who, when, why) in one transaction (the audit log records the
 * customer's before and after too). A CHANNEL owner must be a partner the PRM knows (asked before
 * the transaction). The ownership it already has answers the customer unchanged.
 */
export async function setCustomerOwnership(
  ctx: RequestContext,
  rawCustomerId: string,
  ownership: CustomerOwnership,
  rawPartnerId: string | null | undefined,
  rawReason: string,
): Promise<Customer> {
  const customerId = assertId('Customer', rawCustomerId);
  if (rawPartnerId != null && !isUuid(rawPartnerId)) {
    throw new BadUserInputError('partnerId must be a partner id', 'partnerId');
  }
  const wanted = requestedOwnership(ownership, rawPartnerId == null ? null : rawPartnerId.toLowerCase());
  const reason = requiredText(rawReason, 'reason', 1000);
  await getCustomer(ctx, customerId);
  if (wanted.ownerPartnerId !== null) {
    const known = await (ctx as CustomersContext).prm.existingPartners([wanted.ownerPartnerId]);
    if (!known.has(wanted.ownerPartnerId)) {
      throw new BadUserInputError(`No partner ${rawPartnerId} exists`, 'partnerId');
    }
  }
  return ctx.dataSource.transaction(async (manager) => {
    const customer = await manager.findOne(Customer, {
      where: { id: customerId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!customer) throw new NotFoundError('Customer', rawCustomerId);
    const from: Ownership = { ownership: customer.ownership, ownerPartnerId: customer.ownerPartnerId };
    if (sameOwnership(from, wanted)) return customer;
    const now = new Date();
    Object.assign(customer, { ...wanted, updatedBy: ctx.identity.sub });
    const saved = await manager.save(customer);
    await manager.save(
      manager.create(CustomerOwnershipChange, {
        customerId,
        fromOwnership: from.ownership,
        fromPartnerId: from.ownerPartnerId,
        toOwnership: wanted.ownership,
        toPartnerId: wanted.ownerPartnerId,
        reason,
        changedBy: ctx.identity.sub,
        changedAt: now,
        createdBy: ctx.identity.sub,
      }),
    );
    return saved;
  });
}

/** A customer's ownership history, oldest first (batched across customers: one statement). */
export function ownershipHistory(
  ctx: RequestContext,
  customerId: string,
  args: ConnectionArgs,
): Promise<Connection<CustomerOwnershipChange>> {
  return ctx.loaders.connection(ownershipChangeRepo(ctx), 'customerId', args).load(customerId);
}

/** One prospect as the PRM matches it (by normalised domain or normalised company name). */
export interface OwnershipProspect {
  ref: string;
  domain?: string | null;
  name: string;
}

/** The ownership of one live customer matching a prospect. */
export interface ProspectOwnershipRow extends Ownership {
  ref: string;
}

/** How many prospects one ownership look-up may ask about. */
export const MAX_OWNERSHIP_PROSPECTS = 500;

/**
 * The ownership of every live customer matching each prospect (same normalised domain or name),
 * one statement for all of them: the PRM's registration conflict preview and flag read this.
 */
export async function ownershipForProspects(
  ctx: Pick<RequestContext, 'dataSource'>,
  prospects: readonly OwnershipProspect[],
): Promise<ProspectOwnershipRow[]> {
  if (prospects.length > MAX_OWNERSHIP_PROSPECTS) {
    throw new BadUserInputError(`At most ${MAX_OWNERSHIP_PROSPECTS} prospects at a time`, 'prospects');
  }
  if (prospects.length === 0) return [];
  const refs = prospects.map((p) => requiredText(p.ref, 'ref'));
  const domains = prospects.map((p) => normaliseDomain(p.domain, 'domain'));
  const keys = prospects.map((p) => customerNameKey(requiredText(p.name, 'name')));
  const rows: { ref: string; ownership: CustomerOwnership; owner_partner_id: string | null }[] =
    await ctx.dataSource.query(
      `SELECT DISTINCT p.ref, c.ownership, c.owner_partner_id
       FROM unnest($1::text[], $2::text[], $3::text[]) AS p(ref, domain, name_key)
       JOIN crm.customers c ON c.deleted_at IS NULL AND (c.domain = p.domain OR c.name_key = p.name_key)
       ORDER BY p.ref, c.ownership, c.owner_partner_id`,
      [refs, domains, keys],
    );
  return rows.map((r) => ({ ref: r.ref, ownership: r.ownership, ownerPartnerId: r.owner_partner_id }));
}
