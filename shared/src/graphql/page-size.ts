/** Page sizes of every connection (no decorators here: the gateway reads them too). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
