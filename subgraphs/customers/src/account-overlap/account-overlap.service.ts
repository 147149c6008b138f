import { BadUserInputError } from '@sales-graph/shared/errors';
import type { RequestContext } from '@sales-graph/shared/context';
import { DealStage } from '@sales-graph/shared/deal-stage';
import { fromCents, toCents } from '@sales-graph/shared/money';
import { CustomerOwnership } from '../customers';

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
 * deals (count and amount per currency): ONE statement on `customers_domain_hash_idx` and
 * `deals_customer_idx`. What a partner may see of them is the PRM's rule (account-mapping).
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
  const rows: {
    id: string;
    name: string;
    domain_hash: string;
    ownership: CustomerOwnership;
    owner_partner_id: string | null;
    currency: string | null;
    deals: number;
    amount: string | null;
  }[] = await ctx.dataSource.query(
    `SELECT c.id, c.name, c.domain_hash, c.ownership, c.owner_partner_id, d.currency,
            count(d.id)::int AS deals, sum(d.amount)::text AS amount
     FROM crm.customers c
     LEFT JOIN crm.deals d ON d.customer_id = c.id AND d.deleted_at IS NULL
       AND d.stage NOT IN ('${DealStage.CLOSED_WON}', '${DealStage.CLOSED_LOST}')
     WHERE c.deleted_at IS NULL AND c.domain_hash IS NOT NULL AND c.domain_hash = ANY($1::text[])
     GROUP BY c.id, d.currency
     ORDER BY c.id, d.currency`,
    [[...new Set(hashes)]],
  );
  const matches = new Map<string, OverlapMatch>();
  for (const row of rows) {
    const match = matches.get(row.id) ?? {
      customerId: row.id,
      name: row.name,
      domainHash: row.domain_hash,
      ownership: row.ownership,
      ownerPartnerId: row.owner_partner_id,
      openDeals: 0,
      openAmounts: [],
    };
    matches.set(row.id, match);
    if (row.currency === null || row.amount === null) continue;
    match.openDeals += row.deals;
    match.openAmounts.push({ currency: row.currency.trim(), amount: fromCents(toCents(row.amount)) });
  }
  return [...matches.values()];
}
