import type { EntityManager } from 'typeorm';
import { Partner, PartnerStatus, PartnerType } from '../partners';
import { DealAttribution } from './attribution.entity';
import { DealPartnerAttribution, DealPartnerRole } from './deal-partner.entity';

/** Demo deals with a reseller, a distributor and a services partner beside their sourcing partner. */
export const DEMO_MULTI_PARTNER_DEALS = 3;

/**
 * One reseller, one distributor and one services partner (an MSP; the first ACTIVE one of each
 * type by name) join the first partner-sourced demo deals (by deal id) that none of them sourced;
 * the reseller also resells the next such deal, which the distributor is not on. Deterministic
 * without the shared random source, so the data of every other step stays as it was.
 */
export async function seedDealPartners(manager: EntityManager): Promise<void> {
  if ((await manager.count(DealPartnerAttribution)) > 0) return;
  const active = await manager.find(Partner, {
    where: { status: PartnerStatus.ACTIVE },
    order: { name: 'ASC' },
  });
  const first = (type: PartnerType) => active.find((partner) => partner.type === type);
  const reseller = first(PartnerType.RESELLER);
  const distributor = first(PartnerType.DISTRIBUTOR);
  const services = first(PartnerType.MSP);
  if (!reseller || !distributor || !services) return;
  const parties = new Set([reseller.id, distributor.id, services.id]);
  const deals = (await manager.find(DealAttribution, { where: { pending: false }, order: { dealId: 'ASC' } }))
    .filter((deal) => !parties.has(deal.partnerId))
    .slice(0, DEMO_MULTI_PARTNER_DEALS + 1);
  const part = (deal: DealAttribution, partner: Partner, role: DealPartnerRole) =>
    manager.create(DealPartnerAttribution, {
      dealId: deal.dealId,
      partnerId: partner.id,
      role,
      createdAt: deal.createdAt,
      createdBy: 'seed',
    });
  await manager.save(
    deals.flatMap((deal, i) =>
      i < DEMO_MULTI_PARTNER_DEALS
        ? [
            part(deal, reseller, DealPartnerRole.RESELLER),
            part(deal, distributor, DealPartnerRole.DISTRIBUTOR),
            part(deal, services, DealPartnerRole.SERVICES),
          ]
        : [part(deal, reseller, DealPartnerRole.RESELLER)],
    ),
  );
}
