import { createHash } from 'node:crypto';
import { IsNull, MoreThan, type EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { PRM_DEMO_NOW } from '../onboarding';
import { DealRegistration, DealRegistrationStatus } from './registration.entity';
import { enqueueRegistrationDeal } from './registration-deal.service';

/**
 * The id of a demo registration's CRM deal (or of its attribution), derived from the registration (a uuid in the v4
 * layout), so the demo data is the same every time and the shared random sequence is untouched.
 */
function demoId(kind: 'deal' | 'attribution', registrationId: string): string {
  const hex = createHash('sha256').update(`demo-${kind}:${registrationId}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

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
  for (const registration of approved) {
    await enqueueRegistrationDeal(
      manager,
      registration,
      demoId('deal', registration.id),
      demoId('attribution', registration.id),
    );
  }
}
