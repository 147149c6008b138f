import { randomUUID } from 'node:crypto';
import type { Identity } from '../auth/identity';
import type { TestGraph } from './graph';

export interface PartnerUserOptions {
  role?: 'ADMIN' | 'MEMBER';
  email?: string;
  /** Leave the user INVITED (not yet accepted). */
  invitedOnly?: boolean;
}

/**
 * A real user of `partnerId` (invited and activated through the gateway, as ADMIN) and the PARTNER
 * identity its token carries: `sub` is its PartnerUser id. Subgraphs honour a PARTNER token only
 * for such a user (see `auth/membership.ts`), so tests mint partner identities with this.
 */
export async function partnerUser(
  graph: TestGraph,
  partnerId: string,
  {
    role = 'ADMIN',
    email = `${randomUUID()}@partner-user.test`,
    invitedOnly = false,
  }: PartnerUserOptions = {},
): Promise<Identity & { role: 'PARTNER'; partnerId: string }> {
  const invited = await graph.query<{ invitePartnerUser: { id: string } }>(
    `mutation($input: InvitePartnerUserInput!) { invitePartnerUser(input: $input) { id } }`,
    { input: { partnerId, email, name: email.split('@')[0], role } },
  );
  if (!invited.data) throw new Error(`invitePartnerUser failed: ${JSON.stringify(invited.errors)}`);
  const id = invited.data.invitePartnerUser.id;
  if (!invitedOnly) {
    const activated = await graph.query(`mutation($id: ID!) { activatePartnerUser(id: $id) { id } }`, { id });
    if (!activated.data) throw new Error(`activatePartnerUser failed: ${JSON.stringify(activated.errors)}`);
  }
  return { sub: id, role: 'PARTNER', partnerId };
}
