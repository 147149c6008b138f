import type { DataSource } from 'typeorm';
import { DealAttribution } from '../../subgraphs/partners/src/attribution/attribution.entity';
import { DealPartnerAttribution } from '../../subgraphs/partners/src/attribution/deal-partner.entity';
import { seedDealPartners } from '../../subgraphs/partners/src/attribution/deal-partners.seed';
import { partnerAccess } from '../../subgraphs/partners/src/access/partner-access.service';
import { Partner, PartnerStatus } from '../../subgraphs/partners/src/partners/partner.entity';
import { seedCorePrm } from '../../subgraphs/partners/src/seed/core.seed';
import { seededPrm } from './seeded-prm';

/**
 * The demo's deals with several partners: three partner-sourced deals each with a reseller, a
 * distributor and a services partner (one ACTIVE partner of each, none of them the sourcing
 * partner), and one more deal the reseller is on without the distributor, so the playground shows what each one sees.
 */
// Fixed deal ids (the CRM's demo ids are not needed here): the same data on every run.
const dealIds = Array.from(
  { length: 60 },
  (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
);
const crm = { dealIds, leadIds: [], customers: [] };
const prmSeeds = seededPrm('prmdealparts', [seedCorePrm, (manager) => seedDealPartners(manager)], crm);
let prm: DataSource;

beforeAll(async () => {
  prm = await prmSeeds.seeded();
});
afterAll(() => prmSeeds.drop());

test('three sourced deals have a reseller, a distributor and a services partner; the reseller one more', async () => {
  const parts = await prm.getRepository(DealPartnerAttribution).find();
  const primaries = new Map(
    (await prm.getRepository(DealAttribution).find()).map((row) => [row.dealId, row.partnerId]),
  );
  const partners = new Map((await prm.getRepository(Partner).find()).map((partner) => [partner.id, partner]));
  const byDeal = new Map<string, string[]>();
  for (const part of parts) byDeal.set(part.dealId, [...(byDeal.get(part.dealId) ?? []), part.role].sort());
  const full = [...byDeal.values()].filter((roles) => roles.length === 3);
  expect(full).toEqual(Array(3).fill(['DISTRIBUTOR', 'RESELLER', 'SERVICES']));
  expect([...byDeal.values()].filter((roles) => roles.length === 1)).toEqual([['RESELLER']]);
  for (const part of parts) {
    expect(primaries.get(part.dealId)).toBeDefined();
    expect(primaries.get(part.dealId)).not.toBe(part.partnerId);
    expect(partners.get(part.partnerId)?.status).toBe(PartnerStatus.ACTIVE);
  }
  // The distributor is party to its deals only, not to every deal of the reseller.
  const distributor = parts.find((part) => part.role === 'DISTRIBUTOR')!.partnerId;
  const reseller = parts.find((part) => part.role === 'RESELLER')!.partnerId;
  const ctx = { dataSource: prm } as Parameters<typeof partnerAccess>[0];
  const deals = async (partnerId: string) =>
    new Set([...(await partnerAccess(ctx, partnerId)).dealIds].filter((id) => byDeal.has(id)));
  expect((await deals(reseller)).size).toBe(4);
  expect((await deals(distributor)).size).toBe(3);
  // Seeding again adds nothing.
  await prm.transaction((manager) => seedDealPartners(manager));
  expect(await prm.getRepository(DealPartnerAttribution).count()).toBe(parts.length);
});
