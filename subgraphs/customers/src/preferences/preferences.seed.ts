import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { DEMO_NOW } from '../activities';
import { Contact } from '../contacts';
import { ContactPreference, PreferenceChannel } from './preference.entity';

const SOURCES = ['web form', 'event badge scan', 'contract', 'newsletter sign-up'];

/**
 * Consent for most contacts: about 70% opted in to EMAIL, 10% who once did and unsubscribed, the
 * rest never asked; a third also opted in to PHONE.
 */
export async function seedPreferences(manager: EntityManager, rng: DemoRandom): Promise<void> {
  const contacts = await manager.find(Contact, { order: { createdAt: 'ASC', id: 'ASC' } });
  const preferences: ContactPreference[] = [];
  const add = (contact: Contact, channel: PreferenceChannel, optedIn: boolean) => {
    const createdAt = new Date(
      contact.createdAt.getTime() + rng.next() * (DEMO_NOW.getTime() - contact.createdAt.getTime()) * 0.3,
    );
    preferences.push(
      manager.create(ContactPreference, {
        contactId: contact.id,
        channel,
        optedIn,
        unsubscribedAt: optedIn ? null : rng.pastDate(DEMO_NOW, 60),
        source: optedIn ? rng.pick(SOURCES) : 'unsubscribe',
        createdAt,
        createdBy: 'seed',
      }),
    );
  };
  for (const contact of contacts) {
    const draw = rng.next();
    if (draw < 0.7) add(contact, PreferenceChannel.EMAIL, true);
    else if (draw < 0.8) add(contact, PreferenceChannel.EMAIL, false);
    if (rng.chance(0.33)) add(contact, PreferenceChannel.PHONE, true);
  }
  await manager.save(preferences, { chunk: 200 });
}
