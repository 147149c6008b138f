import { PRM_MODULES } from '../modules';

/**
 * Every PRM table a partner user can reach, and how it is scoped: by its partner column
 * (`ownPartner` in `partner-scope.ts`). Each module's manifest lists its partner-visible tables
 * (`scope`); this is all of them. Tables not listed (courses, commission plans, tier rules, MDF
 * budgets, distribution rules) are the same for every partner.
 */
export const PRM_SCOPE = PRM_MODULES.scope;
