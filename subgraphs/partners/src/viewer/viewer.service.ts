import { isUuid } from '@sales-graph/shared/errors';
import type { PartnersContext } from '../context.type';
import { partnerUserRepo } from '../partner-users';
import { partnerRepo } from '../partners';
import type { Viewer } from './viewer.types';

/** The caller's own partner, through the scoped loader (its own partner is always in its scope). */
export async function viewerPartner(ctx: PartnersContext, partnerId: string | null) {
  return partnerId ? ctx.loaders.byId(partnerRepo(ctx)).load(partnerId) : null;
}

/** The PartnerUser a PARTNER token's `sub` names; an API key's `sub` names none. */
export async function viewerPartnerUser(ctx: PartnersContext, viewer: Pick<Viewer, 'sub' | 'partnerId'>) {
  if (!viewer.partnerId || !isUuid(viewer.sub)) return null;
  const user = await ctx.loaders.byId(partnerUserRepo(ctx)).load(viewer.sub.toLowerCase());
  return user?.partnerId === viewer.partnerId ? user : null;
}
