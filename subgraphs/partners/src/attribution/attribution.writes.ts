import type { EntityManager } from 'typeorm';
import { DealAttribution, LeadAttribution } from './attribution.entity';

/**
 * The attribution module's writes other modules ask for, in their transaction (the attribution
 * outbox's triggers project each change to the CRM). Only this module writes its tables.
 */

/** Assigns a lead to a partner (lead sharing: an accepted offer), keeping who referred it. */
export function assignLeadTo(
  manager: EntityManager,
  leadId: string,
  partnerId: string,
  by: string,
): Promise<void> {
  return setLeadPartner(manager, leadId, 'assignedPartnerId', partnerId, by);
}

/** Records the partner that referred a lead (a completed referral), keeping whom it is assigned to. */
export function referLeadBy(
  manager: EntityManager,
  leadId: string,
  partnerId: string,
  by: string,
): Promise<void> {
  return setLeadPartner(manager, leadId, 'referredByPartnerId', partnerId, by);
}

/** Sets one of a lead's two partners under the row's lock, leaving the other as it is. */
async function setLeadPartner(
  manager: EntityManager,
  leadId: string,
  role: 'assignedPartnerId' | 'referredByPartnerId',
  partnerId: string,
  by: string,
): Promise<void> {
  const current = await manager.findOne(LeadAttribution, {
    where: { leadId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!current) {
    await manager.save(
      manager.create(LeadAttribution, {
        leadId,
        assignedPartnerId: null,
        referredByPartnerId: null,
        [role]: partnerId,
        createdBy: by,
      }),
    );
  } else if (current[role] !== partnerId) {
    await manager.save(Object.assign(current, { [role]: partnerId }));
  }
}

/** Records a registration's deal as sourced by its partner, pending until the CRM made the deal. */
export async function recordPendingDealAttribution(
  manager: EntityManager,
  values: { id?: string; dealId: string; partnerId: string; by: string },
): Promise<void> {
  await manager.save(
    manager.create(DealAttribution, {
      ...(values.id ? { id: values.id } : {}),
      dealId: values.dealId,
      partnerId: values.partnerId,
      pending: true,
      createdBy: values.by,
    }),
  );
}

/**
 * Confirms the sourcing attribution of a deal the CRM made (`dealId`): the pending one recorded
 * at approval (also under `pendingDealId`, the id asked for, when the CRM had the deal under
 * another), or a new one. Confirming twice changes nothing.
 */
export async function confirmDealAttribution(
  manager: EntityManager,
  values: { dealId: string; pendingDealId?: string | null; partnerId: string; by: string },
): Promise<void> {
  const { dealId, pendingDealId } = values;
  const attribution =
    (await manager.findOne(DealAttribution, { where: { dealId }, lock: { mode: 'pessimistic_write' } })) ??
    (pendingDealId && pendingDealId !== dealId
      ? await manager.findOne(DealAttribution, {
          where: { dealId: pendingDealId, pending: true },
          lock: { mode: 'pessimistic_write' },
        })
      : null);
  if (!attribution) {
    await manager.save(
      manager.create(DealAttribution, { dealId, partnerId: values.partnerId, createdBy: values.by }),
    );
  } else if (attribution.pending || attribution.dealId !== dealId) {
    await manager.save(Object.assign(attribution, { dealId, pending: false }));
  }
}
