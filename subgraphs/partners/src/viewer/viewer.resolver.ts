import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { PartnersContext } from '../context.type';
import { PartnerUser } from '../partner-users';
import { Partner } from '../partners';
import { Viewer } from './viewer.types';
import { viewerOf, viewerPartner, viewerPartnerUser } from './viewer.service';

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
    return viewerOf(ctx);
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
