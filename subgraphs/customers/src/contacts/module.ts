import { ALL, READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { contactsScale } from '../seed/scale.steps';
import { Contact } from './contact.entity';
import { ContactResolver } from './contact.resolver';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Contact: true;
  }
}

/** Contacts: the people at a customer. */
export default defineModule({
  name: 'contacts',
  entities: [Contact],
  resolvers: [ContactResolver],
  permissions: {
    Contact: {
      ADMIN: ALL,
      // Sales owns the customer record: it may also delete, restore and merge customers and contacts.
      SALES: ALL,
      MARKETING: WRITE,
      SUPPORT: WRITE,
      CHANNEL_MANAGER: READ,
      ANALYST: READ,
    },
  },
  scale: [contactsScale],
});
