import { OwnedRecordType, saveOwner, type Ownable } from '../users';
import { Activity } from './activity.entity';

/** Activities have an owner; tasks not yet completed move with a hand-over (the past stays whose it was). */
export const ACTIVITY_OWNERSHIP: Ownable<Activity> = {
  type: OwnedRecordType.ACTIVITY,
  subject: 'Activity',
  entity: Activity,
  open: (alias) => `${alias}.type = 'TASK' AND ${alias}.completed_at IS NULL`,
  setOwner: saveOwner,
};
