import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { domainHash } from '@sales-graph/shared/domain';
import { PRM_DEMO_NOW } from '../onboarding';
import { Partner, PartnerStatus } from '../partners';
import type { CrmDemoIds } from '../seed';
import { AccountMappingHash, AccountMappingUpload } from './account-mapping.entity';

/** Accounts of the demo mapping that are not our customers (the partner's own book). */
const OWN_ACCOUNTS = 120;

/**
 * The demo's account mapping: the first active partner by name uploaded its accounts, half of
 * the CRM's demo customers (every other one) among them, so the playground shows an overlap
 * across ownerships (`accountMapping { overlap { … } }` as that partner or a channel manager).
 */
export async function seedAccountMapping(
  manager: EntityManager,
  _rng: DemoRandom,
  crm: CrmDemoIds,
): Promise<void> {
  if ((await manager.count(AccountMappingHash)) > 0) return;
  const partner = await manager.findOne(Partner, {
    where: { status: PartnerStatus.ACTIVE },
    order: { name: 'ASC' },
  });
  if (!partner) return;
  const overlapping = crm.customers
    .filter((_, i) => i % 2 === 0)
    .flatMap((c) => (c.domain ? [c.domain] : []));
  const own = Array.from(
    { length: OWN_ACCOUNTS },
    (_, i) => `account-${i + 1}.${partner.id.slice(0, 8)}.example`,
  );
  const hashes = [...new Set([...overlapping, ...own].map((d) => domainHash(d)!))];
  await manager.insert(
    AccountMappingHash,
    hashes.map((hash) => ({ partnerId: partner.id, hash, createdAt: PRM_DEMO_NOW })),
  );
  await manager.insert(AccountMappingUpload, {
    partnerId: partner.id,
    uploadedBy: 'seed',
    uploadedAt: PRM_DEMO_NOW,
    hashes: hashes.length,
    replaced: true,
    total: hashes.length,
  });
}
