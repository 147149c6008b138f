import { randomUUID } from 'node:crypto';
import type { Identity } from '@sales-graph/shared/auth/identity';
import type { TestGraph } from './graph';

/**
 * A partner taken through its lifecycle to ACTIVE by an ADMIN (applied, reviewed, approved, its
 * checklist completed), for tests that need an active partner and do not test onboarding.
 */
export async function activePartner(graph: TestGraph, name: string): Promise<string> {
  const run = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const r = await graph.query<T>(query, variables);
    if (!r.data) throw new Error(`${query} failed: ${JSON.stringify(r.errors)}`);
    return r.data;
  };
  const { createPartner } = await run<{ createPartner: { id: string } }>(
    `mutation($n: String!) { createPartner(input: { name: $n, type: RESELLER }) { id } }`,
    { n: name },
  );
  const id = createPartner.id;
  await run(`mutation($id: ID!) { startPartnerReview(id: $id) { id } }`, { id });
  await run(`mutation($id: ID!) { approvePartnerApplication(id: $id) { id } }`, { id });
  for (const step of ['AGREEMENT_ACCEPTED', 'PROFILE_COMPLETED', 'FIRST_TRAINING_PASSED']) {
    await run(
      `mutation($id: ID!, $s: OnboardingStep!) { completeOnboardingStep(partnerId: $id, step: $s) { id } }`,
      {
        id,
        s: step,
      },
    );
  }
  return id;
}

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
