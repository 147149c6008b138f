import type { RequestContext } from '@sales-graph/shared/context';
import { ForbiddenError } from '@sales-graph/shared/errors';
import { findUserBySub, teamsManagedBy, type User } from '../users';

/**
 * How far a caller reaches in quotas and forecasts. ADMIN and ANALYST: everything (null). SALES:
 * itself, its own team and the teams it manages (members and the team), nothing else; MARKETING,
 * SUPPORT, CHANNEL_MANAGER and PARTNER hold no grant and never get here (FORBIDDEN before).
 */
export interface Reach {
  user: User | null;
  /** Its own team and the teams it manages. */
  teamIds: Set<string>;
  /** The teams it manages (whose members' quotas it may set). */
  managedTeamIds: Set<string>;
}

export async function reachOf(ctx: RequestContext): Promise<Reach | null> {
  if (ctx.identity.role === 'ADMIN' || ctx.identity.role === 'ANALYST') return null;
  const user = await findUserBySub(ctx, ctx.identity.sub);
  if (!user) return { user: null, teamIds: new Set(), managedTeamIds: new Set() };
  const managed = await teamsManagedBy(ctx, user.id);
  const managedTeamIds = new Set(managed.map((team) => team.id));
  const teamIds = new Set(managedTeamIds);
  if (user.teamId) teamIds.add(user.teamId);
  return { user, teamIds, managedTeamIds };
}

/** Whether `reach` covers a user (itself, or a member of a team it reaches). */
export const reachesUser = (reach: Reach | null, user: Pick<User, 'id' | 'teamId'>): boolean =>
  reach === null ||
  (reach.user !== null && user.id === reach.user.id) ||
  (user.teamId !== null && reach.teamIds.has(user.teamId));

/** FORBIDDEN unless `reach` covers the forecast subject asked (a user, a team, or the company). */
export function assertReaches(
  reach: Reach | null,
  subject: { user?: Pick<User, 'id' | 'teamId'> | null; teamId?: string | null },
): void {
  if (reach === null) return;
  if (subject.user && reachesUser(reach, subject.user)) return;
  if (subject.teamId && reach.teamIds.has(subject.teamId)) return;
  throw new ForbiddenError(
    subject.user || subject.teamId
      ? 'SALES reads the forecasts of itself and of its own team only'
      : "SALES reads its own and its team's forecast, not the whole company's",
  );
}
