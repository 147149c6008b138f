import { BadUserInputError } from '@sales-graph/shared/errors';
import type { RequestContext } from '@sales-graph/shared/context';
import { fromCents, toCents } from '@sales-graph/shared/money';
import { customersWithDomainHashes, type CustomerOwnership } from '../customers';
import { openDealTotalsOfCustomers } from '../deals';

/** Hashes one look-up may carry (the PRM sends a partner's mapping in batches of this size). */
export const MAX_OVERLAP_HASHES = 10_000;
const HASH = /^[0-9a-f]{64}$/;

export interface OverlapAmount {
  currency: string;
  amount: string;
}

export interface OverlapMatch {
  customerId: string;
  name: string;
  domainHash: string;
  ownership: CustomerOwnership;
  ownerPartnerId: string | null;
  openDeals: number;
  openAmounts: OverlapAmount[];
}

/**
 * The live customers whose domain hash is among `hashes`, with their ownership and their open
 * deals (count and amount per currency): two statements, the customers' on
 * `customers_domain_hash_idx` and their deals' on `deals_customer_idx`, each through its owner. What a partner may see of them is the PRM's rule (account-mapping).
 */
export async function accountOverlap(
  ctx: RequestContext,
  hashes: readonly string[],
): Promise<OverlapMatch[]> {
  if (hashes.length > MAX_OVERLAP_HASHES) {
    throw new BadUserInputError(`At most ${MAX_OVERLAP_HASHES} hashes at a time`, 'hashes');
  }
  if (!hashes.every((h) => HASH.test(h))) {
    throw new BadUserInputError('Each hash is 64 lower-case hex digits', 'hashes');
  }
  if (hashes.length === 0) return [];
  const customers = await customersWithDomainHashes(ctx.dataSource, hashes);
  const totals = await openDealTotalsOfCustomers(
    ctx.dataSource,
    customers.map((customer) => customer.id),
  );
  const matches = new Map<string, OverlapMatch>();
  for (const customer of customers) {
    matches.set(customer.id, {
      customerId: customer.id,
      name: customer.name,
      domainHash: customer.domainHash,
      ownership: customer.ownership,
      ownerPartnerId: customer.ownerPartnerId,
      openDeals: 0,
      openAmounts: [],
    });
  }
  for (const total of totals) {
    const match = matches.get(total.customerId)!;
    match.openDeals += total.deals;
    match.openAmounts.push({ currency: total.currency.trim(), amount: fromCents(toCents(total.amount)) });
  }
  return [...matches.values()];
}
