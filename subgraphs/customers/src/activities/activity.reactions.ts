import { moveRowsOnMerge } from '@sales-graph/shared/db/reassign';

/** A customer merge moves the duplicate's activities (deleted ones too) to the survivor. */
export const moveActivitiesOnMerge = moveRowsOnMerge('crm.activities', 'Activity');
