import type { EntityManager } from 'typeorm';
import { Partner, PartnerStatus, PartnerType } from '../partners';
import { DealAttribution } from './attribution.entity';
import { DealPartnerAttribution, DealPartnerRole } from './deal-partner.entity';

/** Demo deals with a reseller, a distributor and a services partner beside their sourcing partner. */
export const DEMO_MULTI_PARTNER_DEALS = 3;

/**
 * The first partner-sourced demo deals (by deal id) get a reseller, a distributor and a services
 * partner (an MSP), ACTIVE ones other than the sourcing partner, and the first reseller also
 * resells the next deal, which the distributor is not on. Deterministic without the shared random
 * source, so the data of every other step stays as it was.
 */
export async function seedDealPartners(manager: EntityManager): Promise<void> {
  if ((await manager.count(DealPartnerAttribution)) > 0) return;
  const deals = await manager.find(DealAttribution, {
    where: { pending: false },
    order: { dealId: 'ASC' },
    take: DEMO_MULTI_PARTNER_DEALS + 1,
  });
  const active = await manager.find(Partner, {
    where: { status: PartnerStatus.ACTIVE },
    order: { name: 'ASC' },
  });
  const of = (type: PartnerType, sourcer: string) =>
    active.find((partner) => partner.type === type && partner.id !== sourcer);
  const rows: DealPartnerAttribution[] = [];
  deals.forEach((deal, i) => {
    const parts: [Partner | undefined, DealPartnerRole][] =
      i < DEMO_MULTI_PARTNER_DEALS
        ? [
            [of(PartnerType.RESELLER, deal.partnerId), DealPartnerRole.RESELLER],
            [of(PartnerType.DISTRIBUTOR, deal.partnerId), DealPartnerRole.DISTRIBUTOR],
            [of(PartnerType.MSP, deal.partnerId), DealPartnerRole.SERVICES],
          ]
        : [[of(PartnerType.RESELLER, deal.partnerId), DealPartnerRole.RESELLER]];
    for (const [partner, role] of parts) {
      if (!partner) continue;
      rows.push(
        manager.create(DealPartnerAttribution, {
          dealId: deal.dealId,
          partnerId: partner.id,
          role,
          createdAt: deal.createdAt,
          createdBy: 'seed',
        }),
      );
    }
  });
  await manager.save(rows);
}
