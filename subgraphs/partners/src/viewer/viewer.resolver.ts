import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { ROLES, type Role, type UserRole } from '@sales-graph/shared/auth/identity';
import { permissionTable } from '@sales-graph/shared/auth/permissions';
import { ForbiddenError } from '@sales-graph/shared/errors';
import type { PartnersContext } from '../context.type';
import { PartnerUser } from '../partner-users';
import { Partner } from '../partners';
import { Viewer } from './viewer.types';
import { viewerPartner, viewerPartnerUser } from './viewer.service';

/** A role a user token or API key carries (not a service, nor any other internal caller). */
const isUserRole = (role: Role): role is UserRole => (ROLES as readonly Role[]).includes(role);

/**
 * `me`: any authenticated caller may ask who it is and what it may do (no `authorize`: it reads
 * only the caller's own identity, partner and user record, whatever its permissions).
 */
@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, {
    description: 'Who the caller is, its partner (for a partner user) and what it may do.',
  })
  me(@Ctx() ctx: PartnersContext): Viewer {
    const { sub, role, partnerId } = ctx.identity;
    if (!isUserRole(role)) throw new ForbiddenError('`me` answers users, not services');
    return {
      sub,
      role,
      partnerId: partnerId ?? null,
      permissions: permissionTable(ctx.identity).map(({ subject, actions }) => ({ subject, ...actions })),
    };
  }

  @FieldResolver(() => Partner, {
    nullable: true,
    description: 'The partner a PARTNER caller acts for, with its status; null for internal roles.',
  })
  partner(@Root() viewer: Viewer, @Ctx() ctx: PartnersContext): Promise<Partner | null> {
    return viewerPartner(ctx, viewer.partnerId);
  }

  @FieldResolver(() => PartnerUser, {
    nullable: true,
    description: 'The partner user the token stands for; null for internal roles and partner API keys.',
  })
  partnerUser(@Root() viewer: Viewer, @Ctx() ctx: PartnersContext): Promise<PartnerUser | null> {
    return viewerPartnerUser(ctx, viewer);
  }
}
