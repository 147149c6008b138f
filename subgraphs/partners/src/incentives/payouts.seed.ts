import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { DealAttribution } from '../attribution';
import { Partner } from '../partners';
import { type Period } from '../performance';
import type { CrmDemoDeal, CrmDemoIds } from '../seed';
import { CommissionPayout, CommissionPlan } from './commission.entity';
import { dealLinesOf, statementLines, statementTotals } from './commission.rules';
import { toCents } from '@sales-graph/shared/money';
import { DAY_MS } from '@sales-graph/shared/time';

/** The paid periods: the last two calendar quarters before PRM_DEMO_NOW (2026-11-01). */
export const PAYOUT_PERIODS: readonly Period[] = [
  { from: '2026-04-01', to: '2026-06-30' },
  { from: '2026-07-01', to: '2026-09-30' },
];

/**
 * Pays every partner with a plan its statement of each period in PAYOUT_PERIODS that earns
 * something, from the CRM deal facts the seed script hands over and the same rules as
 * `recordCommissionPayout`, so the statements answer paid = total and due = 0.00.
 */
export async function seedCommissionPayouts(
  manager: EntityManager,
  rng: DemoRandom,
  crm: CrmDemoIds,
): Promise<void> {
  if (!crm.deals?.length || (await manager.count(CommissionPayout)) > 0) return;
  const facts = new Map<string, CrmDemoDeal>(crm.deals.map((deal) => [deal.id, deal]));
  const partners = await manager.find(Partner, { order: { id: 'ASC' } });
  const plans = await manager.find(CommissionPlan);
  const attributions = await manager.find(DealAttribution, { order: { dealId: 'ASC' } });
  const payouts: CommissionPayout[] = [];
  for (const partner of partners) {
    const plan = plans.find((candidate) => candidate.tier === partner.tier);
    if (!plan) continue;
    const sourced = attributions
      .filter((row) => row.partnerId === partner.id)
      .map((row) => facts.get(row.dealId))
      .filter((deal): deal is CrmDemoDeal => deal !== undefined)
      // Priced deals earn per product family, as on the statement (the one rule).
      .map((deal) => ({ ...deal, lines: dealLinesOf(deal) }));
    for (const period of PAYOUT_PERIODS) {
      const lines = statementLines(sourced, plan, period);
      const totals = statementTotals(
        lines.map((line) => line.earned.cents),
        plan,
        null,
      );
      if (toCents(totals.total) <= 0n) continue;
      payouts.push(
        manager.create(CommissionPayout, {
          id: rng.uuid(),
          partnerId: partner.id,
          periodFrom: period.from,
          periodTo: period.to,
          amount: totals.total,
          currency: plan.currency,
          dealCount: lines.length,
          createdAt: new Date(Date.parse(`${period.to}T12:00:00Z`) + 10 * DAY_MS),
          createdBy: 'seed',
        }),
      );
    }
  }
  await manager.save(payouts);
}
