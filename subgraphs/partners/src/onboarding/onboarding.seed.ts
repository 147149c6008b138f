import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { Partner, PartnerStatus } from '../partners';
import { OnboardingChecklistItem, OnboardingStep, PartnerStatusChange } from './onboarding.entity';
import { ONBOARDING_STEPS } from './onboarding.rules';
import { DAY_MS, HOUR_MS } from '@sales-graph/shared/time';

/** The moment the demo data describes (the same as the core PRM seed). */
export const PRM_DEMO_NOW = new Date('2026-11-01T09:00:00Z');

const S = PartnerStatus;

/** How a partner reached its current status, oldest move first. */
const PATHS: Record<PartnerStatus, PartnerStatus[]> = {
  [S.APPLIED]: [S.APPLIED],
  [S.IN_REVIEW]: [S.APPLIED, S.IN_REVIEW],
  [S.ONBOARDING]: [S.APPLIED, S.IN_REVIEW, S.ONBOARDING],
  [S.ACTIVE]: [S.APPLIED, S.IN_REVIEW, S.ONBOARDING, S.ACTIVE],
  [S.SUSPENDED]: [S.APPLIED, S.IN_REVIEW, S.ONBOARDING, S.ACTIVE, S.SUSPENDED],
  [S.TERMINATED]: [S.APPLIED, S.IN_REVIEW, S.ONBOARDING, S.ACTIVE, S.TERMINATED],
  [S.REJECTED]: [S.APPLIED, S.IN_REVIEW, S.REJECTED],
};

const REASONS: Partial<Record<PartnerStatus, readonly string[]>> = {
  [S.APPLIED]: ['Application received'],
  [S.ACTIVE]: ['Onboarding checklist completed'],
  [S.SUSPENDED]: [
    'Partner agreement under renegotiation',
    'Overdue MDF claim documentation',
    'Compliance review pending',
  ],
  [S.TERMINATED]: ['Partner agreement not renewed'],
  [S.REJECTED]: ['Outside our target regions', 'Insufficient technical capacity'],
};

const CHANNEL_MANAGERS = ['cm:alice', 'cm:bruno', 'cm:chen'];

/**
 * Every partner's status history (consistent with its current status) and, from the approval of
 * its application on, its onboarding checklist: complete for partners past onboarding, partly
 * done for those still onboarding (their training is not passed yet).
 */
export async function seedOnboarding(manager: EntityManager, rng: DemoRandom): Promise<void> {
  if ((await manager.count(PartnerStatusChange)) > 0) return;
  const partners = await manager.find(Partner, { order: { createdAt: 'ASC', id: 'ASC' } });
  const changes: PartnerStatusChange[] = [];
  const items: OnboardingChecklistItem[] = [];
  for (const partner of partners) {
    const cm = rng.pick(CHANNEL_MANAGERS);
    const path = PATHS[partner.status];
    const span = Math.max(PRM_DEMO_NOW.getTime() - partner.createdAt.getTime(), DAY_MS);
    let at = partner.createdAt;
    let from: PartnerStatus | null = null;
    for (const [index, to] of path.entries()) {
      if (index > 0) {
        const step = Math.floor((span / (path.length + 1)) * (0.3 + rng.next() * 0.7));
        at = new Date(at.getTime() + Math.max(step, HOUR_MS));
      }
      const reasons = REASONS[to];
      changes.push(
        manager.create(PartnerStatusChange, {
          id: rng.uuid(),
          partnerId: partner.id,
          fromStatus: from,
          toStatus: to,
          reason: reasons ? rng.pick(reasons) : null,
          changedAt: at,
          changedBy: to === S.APPLIED ? 'seed' : to === S.ACTIVE && from === S.ONBOARDING ? 'seed' : cm,
          createdAt: at,
          createdBy: 'seed',
        }),
      );
      if (to === S.ONBOARDING) {
        const onboardedAt = at;
        const stillOnboarding = partner.status === S.ONBOARDING;
        for (const step of ONBOARDING_STEPS) {
          const done = stillOnboarding
            ? step !== OnboardingStep.FIRST_TRAINING_PASSED && rng.chance(0.6)
            : true;
          items.push(
            manager.create(OnboardingChecklistItem, {
              id: rng.uuid(),
              partnerId: partner.id,
              step,
              completedAt: done ? new Date(onboardedAt.getTime() + rng.int(1, 20) * HOUR_MS) : null,
              completedBy: done
                ? step === OnboardingStep.FIRST_TRAINING_PASSED
                  ? cm
                  : 'partner-user'
                : null,
              createdAt: onboardedAt,
              createdBy: cm,
            }),
          );
        }
      }
      from = to;
    }
  }
  await manager.save(changes, { chunk: 200 });
  await manager.save(items, { chunk: 200 });
}
