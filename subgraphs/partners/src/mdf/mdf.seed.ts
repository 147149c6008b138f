import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { PRM_DEMO_NOW } from '../onboarding';
import { Partner, PartnerStatus } from '../partners';
import {
  MdfAllocation,
  MdfBudget,
  MdfClaim,
  MdfClaimStatus,
  MdfRequest,
  MdfRequestStatus,
} from './mdf.entity';
import { fromCents, toCents } from '@sales-graph/shared/money';
import { DAY_MS } from '@sales-graph/shared/time';
import type { CrmDemoIds } from '../seed';

const ACTIVITIES = [
  'Trade show booth',
  'Webinar series',
  'Joint email campaign',
  'Customer event',
  'Paid search',
];

/**
 * An MDF budget for the second half of 2026 shared out to active partners, each with requests
 * (approved, rejected, still submitted) and claims on the approved ones (paid or submitted),
 * with every running total equal to the sum of its live children and within its parent.
 */
export async function seedMdf(manager: EntityManager, rng: DemoRandom): Promise<void> {
  if ((await manager.count(MdfBudget)) > 0) return;
  const at = (daysAgo: number) => new Date(PRM_DEMO_NOW.getTime() - daysAgo * DAY_MS);
  const partners = await manager.find(Partner, {
    where: { status: PartnerStatus.ACTIVE },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  const budget = manager.create(MdfBudget, {
    id: rng.uuid(),
    name: 'FY26 H2 partner marketing',
    periodFrom: '2026-07-01',
    periodTo: '2026-12-31',
    amount: '250000.00',
    currency: 'USD',
    allocated: '0.00',
    createdAt: at(130),
    createdBy: 'seed',
  });
  const allocations: MdfAllocation[] = [];
  const requests: MdfRequest[] = [];
  const claims: MdfClaim[] = [];
  let allocated = 0n;
  for (const partner of partners.slice(0, 10)) {
    const amount = BigInt(rng.int(5, 20)) * 100_000n; // 5 000.00 to 20 000.00
    if (allocated + amount > toCents(budget.amount)) break;
    allocated += amount;
    const allocation = manager.create(MdfAllocation, {
      id: rng.uuid(),
      budgetId: budget.id,
      partnerId: partner.id,
      amount: fromCents(amount),
      currency: budget.currency,
      requested: '0.00',
      createdAt: at(120),
      createdBy: 'seed',
    });
    let requested = 0n;
    for (let i = 0; i < rng.int(0, 3); i += 1) {
      const ask = BigInt(rng.int(10, 40)) * 10_000n; // 1 000.00 to 4 000.00
      if (requested + ask > amount) break;
      const status = rng.pick([
        MdfRequestStatus.APPROVED,
        MdfRequestStatus.APPROVED,
        MdfRequestStatus.REJECTED,
        MdfRequestStatus.SUBMITTED,
      ]);
      if (status !== MdfRequestStatus.REJECTED) requested += ask;
      const request = manager.create(MdfRequest, {
        id: rng.uuid(),
        allocationId: allocation.id,
        partnerId: partner.id,
        activity: rng.pick(ACTIVITIES),
        amount: fromCents(ask),
        currency: budget.currency,
        status,
        reviewedBy: status === MdfRequestStatus.SUBMITTED ? null : 'seed',
        reviewedAt: status === MdfRequestStatus.SUBMITTED ? null : at(90 - i),
        reviewNote: status === MdfRequestStatus.REJECTED ? 'Outside the programme guidelines' : null,
        claimed: '0.00',
        createdAt: at(100 - i),
        createdBy: 'seed',
      });
      if (status === MdfRequestStatus.APPROVED && rng.chance(0.7)) {
        const claimed = (ask * BigInt(rng.int(50, 100))) / 100n;
        const paid = rng.chance(0.6);
        request.claimed = fromCents(claimed);
        claims.push(
          manager.create(MdfClaim, {
            id: rng.uuid(),
            requestId: request.id,
            partnerId: partner.id,
            amount: fromCents(claimed),
            currency: budget.currency,
            proof: [`https://partners.example/mdf/${request.id}/invoice.pdf`],
            status: paid ? MdfClaimStatus.PAID : MdfClaimStatus.SUBMITTED,
            reviewedBy: paid ? 'seed' : null,
            paidAt: paid ? at(30 - i) : null,
            createdAt: at(45 - i),
            createdBy: 'seed',
          }),
        );
      }
      requests.push(request);
    }
    allocation.requested = fromCents(requested);
    allocations.push(allocation);
  }
  budget.allocated = fromCents(allocated);
  await manager.save(budget);
  await manager.save(allocations);
  await manager.save(requests);
  await manager.save(claims);
}

/**
 * MDF requests funding the CRM's demo campaigns: the approved and submitted ones, in creation
 * order, each naming one of the campaigns that ran in turn (approved ones confirmed, as an
 * approval confirms the campaign), so their return shows on first start. No random draw: the
 * seeds after it stay as they were.
 */
export async function seedMdfCampaigns(
  manager: EntityManager,
  _rng: DemoRandom,
  crm: CrmDemoIds,
): Promise<void> {
  const campaigns = crm.campaigns ?? [];
  if (campaigns.length === 0) return;
  const requests = await manager.find(MdfRequest, { order: { createdAt: 'ASC', id: 'ASC' } });
  const funding = requests.filter((request) => request.status !== MdfRequestStatus.REJECTED);
  funding.forEach((request, i) => {
    request.campaignId = campaigns[i % campaigns.length].id;
    request.campaignConfirmed = request.status === MdfRequestStatus.APPROVED;
  });
  await manager.save(funding);
}
