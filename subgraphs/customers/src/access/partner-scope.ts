import { SCOPED_SQL, type ScopeRule } from '@sales-graph/shared/access/scope';
import type { RequestContext } from '@sales-graph/shared/context';
import type { PrmClient } from './prm.client';

export interface CustomersContext extends RequestContext {
  prm: PrmClient;
}

/**
 * The rows a partner user may see in the CRM: the deals it sourced (and their leads), the leads
 * assigned to or referred by it, and the customers of those, by name only (see FIELD_ALLOWLIST).
 * Internal roles are not row-scoped: `null`.
 */
export interface PartnerScope {
  deals: ReadonlySet<string>;
  leads: ReadonlySet<string>;
  customers: ReadonlySet<string>;
}

export async function partnerScope(ctx: RequestContext): Promise<PartnerScope | null> {
  const { identity } = ctx;
  if (identity.role !== 'PARTNER') return null;
  const prm = (ctx as CustomersContext).prm;
  // Once per request, however many resolvers ask.
  return ctx.loaders
    .get<string, PartnerScope>('partnerScope', async (partnerIds) =>
      Promise.all(
        partnerIds.map(async (partnerId) => {
          const claims = await prm.partnerAccess(partnerId);
          const rows: { kind: 'lead' | 'customer'; id: string }[] = await ctx.dataSource.query(
            `${SCOPED_SQL} SELECT 'lead' AS kind, lead_id AS id FROM crm.deals WHERE id = ANY($1::uuid[]) AND lead_id IS NOT NULL
             UNION SELECT 'customer', customer_id FROM crm.deals WHERE id = ANY($1::uuid[])
             UNION SELECT 'customer', customer_id FROM crm.leads WHERE id = ANY($2::uuid[]) AND customer_id IS NOT NULL`,
            [claims.dealIds, claims.leadIds],
          );
          return {
            deals: new Set(claims.dealIds),
            leads: new Set([...claims.leadIds, ...rows.filter((r) => r.kind === 'lead').map((r) => r.id)]),
            customers: new Set(rows.filter((r) => r.kind === 'customer').map((r) => r.id)),
          };
        }),
      ),
    )
    .load(identity.partnerId!);
}

/** Scope rule: rows whose `properties` hold an id of one of the partner's claim sets (from the PRM). */
export const claimed = (set: keyof PartnerScope, ...properties: string[]): ScopeRule => ({
  properties,
  values: async (ctx) => [...((await partnerScope(ctx))?.[set] ?? [])],
});
