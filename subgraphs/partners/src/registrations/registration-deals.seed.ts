import { IsNull, MoreThan, type EntityManager } from 'typeorm';
import type { DemoRandom } from '../../../../shared/src/demo/random';
import { PRM_DEMO_NOW } from '../onboarding/onboarding.seed';
import { DealRegistration, DealRegistrationStatus } from './registration.entity';
import { enqueueRegistrationDeal } from './registration-deal.service';

/**
 * The CRM deals of the demo's live approvals, as approval would have asked for them: one outbox
 * message per APPROVED registration still protected, so the partners subgraph creates (or links)
 * each deal through the customers subgraph once the graph is up. Deterministic: the same
 * registrations, in the same order, every time.
 */
export async function seedRegistrationDeals(manager: EntityManager, _rng: DemoRandom): Promise<void> {
  const approved = await manager.find(DealRegistration, {
    where: {
      status: DealRegistrationStatus.APPROVED,
      protectedUntil: MoreThan(PRM_DEMO_NOW),
      dealId: IsNull(),
    },
    order: { approvedAt: 'ASC', id: 'ASC' },
  });
  for (const registration of approved) await enqueueRegistrationDeal(manager, registration);
}
