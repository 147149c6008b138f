import { In, type EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import { emit } from '@sales-graph/shared/events/events';
import { BadUserInputError } from '@sales-graph/shared/errors';
import { optionalText } from '@sales-graph/shared/validation';
import { getContact, lockContact } from '../contacts';
import { ContactPreference, PreferenceChannel } from './preference.entity';
import type { PreferenceEvents } from './preference.events';

export const preferenceRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(ContactPreference);

async function upsert(
  manager: EntityManager,
  by: string,
  contactId: string,
  channel: PreferenceChannel,
  values: Pick<ContactPreference, 'optedIn' | 'unsubscribedAt' | 'source'>,
): Promise<ContactPreference> {
  const existing = await manager.findOne(ContactPreference, { where: { contactId, channel } });
  const preference = existing ?? manager.create(ContactPreference, { contactId, channel, createdBy: by });
  Object.assign(preference, values);
  return manager.save(preference);
}

/**
 * Withdraws a contact's consent for a channel (in the caller's transaction): the preference reads
 * opted out since now, and ContactUnsubscribed is emitted (campaigns react: the contact leaves
 * every running campaign that reaches it through that channel, campaign.reactions.ts).
 */
export async function applyUnsubscribe(
  manager: EntityManager,
  by: string,
  contactId: string,
  channel: PreferenceChannel,
  options: { source: string | null },
): Promise<ContactPreference> {
  // The contact's lock serialises changes to its preferences.
  await lockContact(manager, contactId);
  const preference = await upsert(manager, by, contactId, channel, {
    optedIn: false,
    unsubscribedAt: new Date(),
    source: options.source,
  });
  // Its reactions (the contact leaves the running campaigns that reach it there) commit with it.
  await emit<PreferenceEvents>(manager, { type: 'ContactUnsubscribed', contactId, channel, by });
  return preference;
}

/**
 * Records a contact's choice for a channel. Opting in needs the source of the consent (where it
 * was captured) and clears an earlier unsubscribe; opting out is an unsubscribe.
 */
export async function setContactPreference(
  ctx: RequestContext,
  input: { contactId: string; channel: PreferenceChannel; optedIn: boolean; source?: string | null },
): Promise<ContactPreference> {
  const source = optionalText(input.source, 'source');
  if (input.optedIn && !source) {
    throw new BadUserInputError('source is required when opting in: say where consent was given', 'source');
  }
  const contact = await getContact(ctx, input.contactId);
  return ctx.dataSource.transaction(async (manager) => {
    if (!input.optedIn) {
      return applyUnsubscribe(manager, ctx.identity.sub, contact.id, input.channel, { source });
    }
    await lockContact(manager, contact.id);
    return upsert(manager, ctx.identity.sub, contact.id, input.channel, {
      optedIn: true,
      unsubscribedAt: null,
      source,
    });
  });
}

export async function unsubscribeContact(
  ctx: RequestContext,
  contactId: string,
  channel: PreferenceChannel,
): Promise<ContactPreference> {
  const contact = await getContact(ctx, contactId);
  return ctx.dataSource.transaction((manager) =>
    applyUnsubscribe(manager, ctx.identity.sub, contact.id, channel, { source: 'unsubscribe' }),
  );
}

/** In `manager`'s transaction: the preferences the contacts of `contactIds` set. */
export function preferencesOf(manager: EntityManager, contactIds: string[]): Promise<ContactPreference[]> {
  return contactIds.length
    ? manager.find(ContactPreference, { where: { contactId: In(contactIds) } })
    : Promise.resolve([]);
}
