import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { Contact } from '../contacts';
import { Customer } from '../customers';
import { Deal } from '../deals';
import { Activity, ActivityType } from './activity.entity';
import { DAY_MS, HOUR_MS } from '@sales-graph/shared/time';

/** The moment the demo data describes (the same as the core CRM seed). */
export const DEMO_NOW = new Date('2026-11-01T09:00:00Z');

const SUBJECTS: Record<ActivityType, readonly string[]> = {
  [ActivityType.CALL]: ['Discovery call', 'Pricing call', 'Check-in call', 'Renewal call', 'Escalation call'],
  [ActivityType.EMAIL]: [
    'Sent proposal',
    'Follow-up email',
    'Shared case study',
    'Sent price list',
    'Intro email',
  ],
  [ActivityType.MEETING]: [
    'On-site workshop',
    'Quarterly business review',
    'Product demo',
    'Kick-off meeting',
  ],
  [ActivityType.NOTE]: [
    'Budget approved for Q1',
    'New procurement contact',
    'Evaluating a competitor',
    'Prefers email',
  ],
  [ActivityType.TASK]: ['Send contract draft', 'Prepare QBR deck', 'Book follow-up demo', 'Update forecast'],
};
const BODIES: Record<ActivityType, readonly (string | null)[]> = {
  [ActivityType.CALL]: ['Talked through seat counts and timeline.', 'Left a voicemail.', null],
  [ActivityType.EMAIL]: ['Attached the PDF and pricing.', null],
  [ActivityType.MEETING]: [
    'Agenda: goals, rollout plan, next steps.',
    'Met the IT team; integration questions.',
  ],
  [ActivityType.NOTE]: [null, 'From the last call.'],
  [ActivityType.TASK]: [null, 'See the last meeting notes.'],
};
const TYPES: readonly ActivityType[] = [
  ActivityType.EMAIL,
  ActivityType.EMAIL,
  ActivityType.EMAIL,
  ActivityType.CALL,
  ActivityType.CALL,
  ActivityType.MEETING,
  ActivityType.NOTE,
  ActivityType.TASK,
];

/** 2 to 14 activities per customer over the last year, some tied to a contact or one of its deals. */
export async function seedActivities(manager: EntityManager, rng: DemoRandom): Promise<void> {
  const customers = await manager.find(Customer, { order: { createdAt: 'ASC', id: 'ASC' } });
  const contacts = await manager.find(Contact, { order: { createdAt: 'ASC', id: 'ASC' } });
  const deals = await manager.find(Deal, { order: { createdAt: 'ASC', id: 'ASC' } });
  const activities: Activity[] = [];
  for (const customer of customers) {
    const theirContacts = contacts.filter((contact) => contact.customerId === customer.id);
    const theirDeals = deals.filter((deal) => deal.customerId === customer.id);
    const since = Math.max(customer.createdAt.getTime(), DEMO_NOW.getTime() - 365 * DAY_MS);
    const count = rng.int(2, 14);
    for (let i = 0; i < count; i++) {
      const type = rng.pick(TYPES);
      const occurredAt = new Date(since + Math.floor(rng.next() * (DEMO_NOW.getTime() - since)));
      const deal = theirDeals.length > 0 && rng.chance(0.5) ? rng.pick(theirDeals) : null;
      const isTask = type === ActivityType.TASK;
      const dueAt = isTask ? new Date(occurredAt.getTime() + rng.int(1, 14) * DAY_MS) : null;
      const completedAt =
        isTask && dueAt && (dueAt < DEMO_NOW || rng.chance(0.3))
          ? new Date(occurredAt.getTime() + rng.int(1, 48) * HOUR_MS)
          : null;
      activities.push(
        manager.create(Activity, {
          id: rng.uuid(),
          type,
          subject: rng.pick(SUBJECTS[type]),
          body: rng.pick(BODIES[type]),
          occurredAt,
          dueAt,
          completedAt: completedAt && completedAt < DEMO_NOW ? completedAt : null,
          ownerId: deal?.ownerId ?? `user:sales-${rng.int(1, 6)}`,
          customerId: customer.id,
          contactId:
            theirContacts.length > 0 && type !== ActivityType.NOTE ? rng.pick(theirContacts).id : null,
          dealId: deal?.id ?? null,
          leadId: deal?.leadId ?? null,
          createdAt: occurredAt,
          updatedAt: completedAt && completedAt < DEMO_NOW ? completedAt : occurredAt,
          createdBy: 'seed',
        }),
      );
    }
  }
  for (let i = 0; i < activities.length; i += 500)
    await manager.insert(Activity, activities.slice(i, i + 500));
}
