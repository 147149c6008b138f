import { CRM_MODULES } from '../modules';

/**
 * Every CRM table a partner user can reach, and how it is scoped: by the claim sets the PRM
 * (which owns attribution) gives it (`claimed` in `partner-scope.ts`). Each module's manifest
 * lists its partner-visible tables (`scope`); this is all of them.
 */
export const CRM_SCOPE = CRM_MODULES.scope;
