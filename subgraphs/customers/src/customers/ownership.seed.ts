import type { DataSource } from 'typeorm';
import { CustomerOwnership } from './customer.entity';

/** Who the demo's ownership decisions are recorded as. */
export const DEMO_OWNERSHIP_ACTOR = 'user:sales-demo';
/** How many demo customers are made DIRECT and how many CHANNEL (the rest stay SHARED). */
const DEMO_EACH = 4;

/**
 * The demo's rules of engagement, once the partner data and the attribution projection exist (run
 * by the seed after the PRM's, `scripts/environment.ts`): the customers with the largest share of
 * direct deals become DIRECT, those whose deals one partner sourced most become CHANNEL owned by
 * it, the rest stay SHARED; each decision is in the ownership history. Deterministic (the deals
 * and attributions are), and a customer already decided is left alone.
 */
export async function seedCustomerOwnership(crm: DataSource): Promise<number> {
  const rows: { customer_id: string; partner_id: string | null }[] = await crm.query(
    `SELECT d.customer_id, a.partner_id
     FROM crm.deals d
     JOIN crm.customers c ON c.id = d.customer_id AND c.deleted_at IS NULL AND c.ownership = 'SHARED'
       AND NOT EXISTS (SELECT 1 FROM crm.customer_ownership_changes h WHERE h.customer_id = c.id)
     LEFT JOIN crm.partner_attributions a ON a.record_id = d.id AND a.role = 'SOURCED'
     WHERE d.deleted_at IS NULL
     ORDER BY d.customer_id, d.id`,
  );
  const stats = new Map<string, { deals: number; direct: number; byPartner: Map<string, number> }>();
  for (const { customer_id, partner_id } of rows) {
    const s = stats.get(customer_id) ?? { deals: 0, direct: 0, byPartner: new Map() };
    s.deals += 1;
    if (partner_id === null) s.direct += 1;
    else s.byPartner.set(partner_id, (s.byPartner.get(partner_id) ?? 0) + 1);
    stats.set(customer_id, s);
  }
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const ranked = [...stats.entries()].sort(([a], [b]) => byId(a, b));
  const direct = [...ranked]
    .sort(([a, x], [b, y]) => y.direct / y.deals - x.direct / x.deals || byId(a, b))
    .slice(0, DEMO_EACH)
    .map(([id]) => id);
  const top = (s: { byPartner: Map<string, number> }) =>
    [...s.byPartner.entries()].sort(([a, x], [b, y]) => y - x || byId(a, b))[0];
  const channel = ranked
    .filter(([id, s]) => !direct.includes(id) && s.byPartner.size > 0)
    .sort(([a, x], [b, y]) => top(y)![1] / y.deals - top(x)![1] / x.deals || byId(a, b))
    .slice(0, DEMO_EACH)
    .map(([id, s]) => [id, top(s)![0]] as const);
  const decisions = [
    ...direct.map((id) => [id, CustomerOwnership.DIRECT, null, 'Named account of our direct team'] as const),
    ...channel.map(
      ([id, partnerId]) =>
        [id, CustomerOwnership.CHANNEL, partnerId, 'The partner brought the account and works it'] as const,
    ),
  ];
  await crm.transaction(async (manager) => {
    for (const [id, ownership, partnerId, reason] of decisions) {
      await manager.query(
        `UPDATE crm.customers SET ownership = $2, owner_partner_id = $3, updated_by = $4 WHERE id = $1`,
        [id, ownership, partnerId, DEMO_OWNERSHIP_ACTOR],
      );
      await manager.query(
        `INSERT INTO crm.customer_ownership_changes
           (customer_id, from_ownership, to_ownership, to_partner_id, reason, changed_by, changed_at, created_by)
         VALUES ($1, 'SHARED', $2, $3, $4, $5, now(), 'seed')`,
        [id, ownership, partnerId, reason, DEMO_OWNERSHIP_ACTOR],
      );
    }
  });
  return decisions.length;
}
