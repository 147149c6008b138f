export { Contact, ContactConnection, ContactRole } from './contact.entity';
export { contactRoles } from './contact.rules';
export {
  contactEvenDeleted,
  contactsIn,
  contactsOfCustomer,
  contactsOfCustomerIn,
  contactWithEmail,
  findContact,
  getContact,
  insertContact,
  lockContact,
  newContactValues,
} from './contact.service';
export { contactsOfCustomerSql, LIVE_CONTACTS_SQL } from './contact.sql';
