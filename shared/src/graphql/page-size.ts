/** Page sizes of every connection (no decorators here: the gateway reads them too). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/**
 * The largest page of a root list for a caller with the export scope (an API key ADMIN granted
 * `canExport`): bulk reads for BI walk a whole type in keyset pages of this size. Nested lists keep
 * MAX_PAGE_SIZE for everyone, so the scope buys big flat pages, never a wider fan-out.
 */
export const EXPORT_PAGE_SIZE = 1000;

/** Who may ask for bigger pages: only the export scope of an API key counts. */
export interface PageSizeCaller {
  canExport?: boolean;
}

/** The largest `first` a root list answers for this caller: the one rule, used by `listPage`. */
export const maxRootPageSize = (caller: PageSizeCaller | undefined): number =>
  caller?.canExport === true ? EXPORT_PAGE_SIZE : MAX_PAGE_SIZE;
