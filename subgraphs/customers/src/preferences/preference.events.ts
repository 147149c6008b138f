import type { PreferenceChannel } from './preference.entity';

/** What happens to a contact's preferences, emitted inside the transaction that did it. */
export interface PreferenceEvents {
  /** The contact withdrew its consent for a channel (its row is locked for the transaction). */
  ContactUnsubscribed: { contactId: string; channel: PreferenceChannel; by: string };
}
