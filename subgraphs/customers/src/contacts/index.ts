export { Contact, ContactConnection, ContactRole } from './contact.entity';
export { contactRoles } from './contact.rules';
export {
  getContact,
  insertContact,
  lockContact,
  lockLiveCustomer,
  newContactValues,
} from './contact.service';
