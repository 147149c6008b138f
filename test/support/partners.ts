import {
  Partner,
  PartnerStatus,
  PartnerTier,
  type PartnerType,
} from '../../subgraphs/partners/src/partners/partner.entity';
import type { DataSource } from 'typeorm';

export interface PartnerFixture {
  name: string;
  type?: PartnerType | `${PartnerType}`;
  /** Default ACTIVE: the fixture skips onboarding, which `createPartner` never does. */
  status?: PartnerStatus | `${PartnerStatus}`;
  tier?: PartnerTier | `${PartnerTier}`;
  region?: string | null;
  domain?: string | null;
}

/**
 * A partner already through onboarding, at the tier a test needs, written straight into the PRM
 * database like the demo seeds: the public graph creates partners only as APPLIED / REGISTERED,
 * and status and tier change only through their transitions. `graph` is a test graph, or
 * `{ prm: dataSource }` in a PRM service test.
 */
export async function seedPartner(graph: { prm: DataSource }, fixture: PartnerFixture): Promise<string> {
  const repo = graph.prm.getRepository(Partner);
  const saved = await repo.save(
    repo.create({
      name: fixture.name,
      type: (fixture.type ?? 'RESELLER') as PartnerType,
      status: (fixture.status ?? PartnerStatus.ACTIVE) as PartnerStatus,
      tier: (fixture.tier ?? PartnerTier.REGISTERED) as PartnerTier,
      region: fixture.region ?? null,
      domain: fixture.domain ?? null,
      createdBy: 'test:fixture',
    }),
  );
  return saved.id;
}
