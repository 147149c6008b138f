import type { Identity, UserRole } from '@sales-graph/shared/auth/identity';

/**
 * The one table of staff identities tests act as: `graph.query(q, v, as.sales)`. A PARTNER
 * identity is not here: it must be a real, ACTIVE partner user (`partnerUser()` in `fixtures.ts`).
 * Tests that assert who did something compare with `as.<role>.sub`, never a copied literal.
 */
export const as = {
  admin: { sub: 'user:admin', role: 'ADMIN' },
  sales: { sub: 'user:sales-1', role: 'SALES' },
  marketing: { sub: 'user:marketing-1', role: 'MARKETING' },
  support: { sub: 'user:support-1', role: 'SUPPORT' },
  analyst: { sub: 'user:analyst-1', role: 'ANALYST' },
  channelManager: { sub: 'user:channel-1', role: 'CHANNEL_MANAGER' },
} as const satisfies Record<string, Identity>;

/** The staff roles (every user role but PARTNER), each with its identity from `as`. */
export const STAFF: readonly Identity[] = Object.values(as);

/** A second person with a role (e.g. another sales rep, for ownership rules). */
export const staff = (role: Exclude<UserRole, 'PARTNER'>, sub: string): Identity => ({ sub, role });
