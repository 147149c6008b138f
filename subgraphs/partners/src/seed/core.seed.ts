import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { DealAttribution, LeadAttribution } from '../attribution/attribution.entity';
import { Partner, PartnerStatus, PartnerTier, PartnerType } from '../partners/partner.entity';
import type { CrmDemoIds } from './index';

const NAMES = [
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Adventure Works',
  'Litware',
  'Proseware',
  'Tailspin',
  'Wide World',
  'Coho',
  'Fourth Coffee',
  'Lucerne',
  'Margie',
  'Alpine Ski',
  'Blue Yonder',
  'City Power',
  'Graphic Design',
  'Humongous',
  'Trey Research',
  'VanArsdel',
  'Woodgrove',
  'Relecloud',
  'Datum',
  'Bellows',
  'Consolidated',
];
const REGIONS = ['EMEA', 'NA', 'APAC', 'LATAM'];

/** 24 partners of every type and tier; about 40% of deals partner-sourced, some leads shared or referred. */
export async function seedCorePrm(manager: EntityManager, rng: DemoRandom, crm: CrmDemoIds): Promise<void> {
  const now = new Date('2026-11-01T09:00:00Z');
  const partners = NAMES.map((name, i) =>
    manager.create(Partner, {
      id: rng.uuid(),
      name: `${name} ${rng.pick(['Solutions', 'Partners', 'IT', 'Distribution'])}`,
      type: Object.values(PartnerType)[i % 4],
      tier: rng.pick([
        PartnerTier.REGISTERED,
        PartnerTier.SILVER,
        PartnerTier.SILVER,
        PartnerTier.GOLD,
        PartnerTier.PLATINUM,
      ]),
      status:
        i < 20
          ? PartnerStatus.ACTIVE
          : rng.pick([PartnerStatus.APPLIED, PartnerStatus.ONBOARDING, PartnerStatus.SUSPENDED]),
      region: REGIONS[i % REGIONS.length],
      domain: `${name.toLowerCase().replace(/[^a-z]+/g, '')}.partner.example`,
      createdAt: rng.pastDate(now, 900),
      createdBy: 'seed',
    }),
  );
  await manager.save(partners);
  const active = partners.filter((partner) => partner.status === PartnerStatus.ACTIVE);

  const deals = crm.dealIds
    .filter(() => rng.chance(0.4))
    .map((dealId) =>
      manager.create(DealAttribution, {
        id: rng.uuid(),
        dealId,
        partnerId: rng.pick(active).id,
        createdBy: 'seed',
      }),
    );
  await manager.save(deals, { chunk: 200 });

  const leads = crm.leadIds
    .filter(() => rng.chance(0.5))
    .map((leadId) => {
      const referred = rng.chance(0.5);
      return manager.create(LeadAttribution, {
        id: rng.uuid(),
        leadId,
        assignedPartnerId: referred && rng.chance(0.5) ? null : rng.pick(active).id,
        referredByPartnerId: referred ? rng.pick(active).id : null,
        createdBy: 'seed',
      });
    });
  await manager.save(leads, { chunk: 200 });
}
