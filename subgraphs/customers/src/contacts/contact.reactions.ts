import { moveRowsOnMerge } from '@sales-graph/shared/db/reassign';

/** A customer merge moves the duplicate's contacts (deleted ones too) to the survivor. */
export const moveContactsOnMerge = moveRowsOnMerge('crm.contacts', 'Contact', { stampUser: true });
