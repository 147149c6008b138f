import { OwnedRecordType, saveOwner, type Ownable } from '../users';
import { Deal } from './deal.entity';

/** Deals have an owner; open deals (not closed) move with a hand-over. */
export const DEAL_OWNERSHIP: Ownable<Deal> = {
  type: OwnedRecordType.DEAL,
  subject: 'Deal',
  entity: Deal,
  open: (alias) => `${alias}.stage NOT IN ('CLOSED_WON', 'CLOSED_LOST')`,
  setOwner: saveOwner,
};
