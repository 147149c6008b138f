import { OwnedRecordType, saveOwner, type Ownable } from '../users';
import { Lead } from './lead.entity';

/** Leads have an owner; leads not yet converted or disqualified move with a hand-over. */
export const LEAD_OWNERSHIP: Ownable<Lead> = {
  type: OwnedRecordType.LEAD,
  subject: 'Lead',
  entity: Lead,
  open: (alias) => `${alias}.status NOT IN ('CONVERTED', 'DISQUALIFIED')`,
  setOwner: saveOwner,
};
