import { ROLES, type Role, type UserRole } from '@sales-graph/shared/auth/identity';
import { permissionTable } from '@sales-graph/shared/auth/permissions';
import { ForbiddenError, isUuid } from '@sales-graph/shared/errors';
import type { PartnersContext } from '../context.type';
import { findPartnerUser } from '../partner-users';
import { findPartner } from '../partners';
import type { Viewer } from './viewer.types';

/** A role a user token or API key carries (not a service, nor any other internal caller). */
const isUserRole = (role: Role): role is UserRole => (ROLES as readonly Role[]).includes(role);

/** Who the caller is and what it may do, from its identity alone; services are refused. */
export function viewerOf(ctx: PartnersContext): Viewer {
  const { sub, role, partnerId } = ctx.identity;
  if (!isUserRole(role)) throw new ForbiddenError('`me` answers users, not services');
  return {
    sub,
    role,
    partnerId: partnerId ?? null,
    permissions: permissionTable(ctx.identity).map(({ subject, actions }) => ({ subject, ...actions })),
  };
}

/** The caller's own partner, through the scoped loader (its own partner is always in its scope). */
export async function viewerPartner(ctx: PartnersContext, partnerId: string | null) {
  return partnerId ? findPartner(ctx, partnerId) : null;
}

/** The PartnerUser a PARTNER token's `sub` names; an API key's `sub` names none. */
export async function viewerPartnerUser(ctx: PartnersContext, viewer: Pick<Viewer, 'sub' | 'partnerId'>) {
  if (!viewer.partnerId || !isUuid(viewer.sub)) return null;
  const user = await findPartnerUser(ctx, viewer.sub.toLowerCase());
  return user?.partnerId === viewer.partnerId ? user : null;
}
