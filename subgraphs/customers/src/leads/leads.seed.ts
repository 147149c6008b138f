import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { Contact, ContactRole } from '../contacts';
import { Customer } from '../customers';
import { Deal, DealStage, DealStageChange } from '../deals';
import { Lead, LeadStatus } from './lead.entity';
import { recomputeLeadScore } from './lead.lifecycle';
import { HOUR_MS } from '@sales-graph/shared/time';

const LOST_REASONS = ['Price', 'Went with a competitor', 'No budget', 'Timing', 'No decision'];
const CONSENT_SOURCES = ['Web form', 'Event badge scan', 'Webinar registration', 'Partner referral'];
const DISQUALIFY_REASONS = ['No budget', 'Not a fit', 'Unresponsive'];
const ROLE_SETS: ContactRole[][] = [
  [ContactRole.DECISION_MAKER],
  [ContactRole.CHAMPION, ContactRole.USER],
  [ContactRole.INFLUENCER],
  [ContactRole.TECHNICAL, ContactRole.USER],
  [ContactRole.BILLING],
  [],
];

/**
 * The record-lifecycle fields of the demo data: contact roles, lead consent, profile and status
 * reasons, converted leads linked to a contact, lost reasons on lost deals (and in their history),
 * and every lead scored by the scoring rules (as of the seed's "now").
 */
export async function seedRecordLifecycle(manager: EntityManager, rng: DemoRandom): Promise<void> {
  const now = new Date('2026-11-01T09:00:00Z');
  const order = { createdAt: 'ASC', id: 'ASC' } as const;

  const contacts = await manager.find(Contact, { order });
  for (const contact of contacts) contact.roles = rng.pick(ROLE_SETS);
  await manager.save(contacts, { chunk: 200 });

  const customers = new Map((await manager.find(Customer)).map((c) => [c.id, c]));
  const firstContact = new Map<string, Contact>();
  for (const contact of contacts)
    if (!firstContact.has(contact.customerId)) firstContact.set(contact.customerId, contact);

  const leads = await manager.find(Lead, { order });
  for (const lead of leads) {
    const customer = lead.customerId ? customers.get(lead.customerId) : undefined;
    lead.industry = customer?.industry ?? null;
    lead.region = customer?.region ?? (rng.chance(0.5) ? rng.pick(['EMEA', 'NA', 'APAC', 'LATAM']) : null);
    if (rng.chance(0.7)) {
      lead.consentGiven = true;
      lead.consentAt = new Date(lead.createdAt.getTime() + rng.int(0, HOUR_MS));
      lead.consentSource = rng.pick(CONSENT_SOURCES);
    }
    if (lead.status === LeadStatus.DISQUALIFIED) lead.statusReason = rng.pick(DISQUALIFY_REASONS);
    if (lead.status === LeadStatus.CONVERTED && lead.customerId) {
      lead.contactId = firstContact.get(lead.customerId)?.id ?? null;
    }
  }
  await manager.save(leads, { chunk: 200 });
  for (const lead of leads) await recomputeLeadScore(manager, lead.id, now);

  const lost = await manager.find(Deal, { where: { stage: DealStage.CLOSED_LOST }, order });
  for (const deal of lost) deal.lostReason = rng.pick(LOST_REASONS);
  await manager.save(lost, { chunk: 200 });
  for (const deal of lost) {
    await manager.update(
      DealStageChange,
      { dealId: deal.id, toStage: DealStage.CLOSED_LOST },
      { reason: deal.lostReason },
    );
  }
}
