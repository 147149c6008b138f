/**
 * What happens to customers, emitted inside the transaction that did it (`emit<CustomerEvents>`).
 */
export interface CustomerEvents {
  /**
   * `mergeCustomers`, under both customers' locks, before the duplicate is deleted: every module
   * with rows pointing at a customer moves the duplicate's (soft-deleted ones too) to the survivor
   * and reports their ids with `moved(recordType, ids)` (the merge's answer and its audit entry;
   * each of `MERGED_RECORD_TYPES` exactly once, or the merge fails and rolls back).
   */
  CustomersMerging: {
    survivorId: string;
    duplicateId: string;
    by: string;
    moved: (recordType: string, ids: readonly string[]) => void;
  };
}
