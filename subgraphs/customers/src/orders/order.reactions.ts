import { moveRowsOnMerge } from '@sales-graph/shared/db/reassign';

/** A customer merge moves the duplicate's orders (deleted ones too) to the survivor. */
export const moveOrdersOnMerge = moveRowsOnMerge('crm.orders', 'Order');
