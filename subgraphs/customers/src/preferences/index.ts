export { ContactPreference, PreferenceChannel } from './preference.entity';
export type { PreferenceEvents } from './preference.events';
export { applyUnsubscribe, preferencesOf } from './preference.service';
