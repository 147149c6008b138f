import { AppError, BadUserInputError, ConflictError } from '@sales-graph/shared/errors';
import { optionalNonNegativeAmount } from '@sales-graph/shared/money';
import { CampaignMemberStatus, CampaignStatus } from './campaign.entity';

/** DRAFT → ACTIVE → COMPLETED, or CANCELLED before completion; COMPLETED and CANCELLED are final. */
export const CAMPAIGN_TRANSITIONS: Record<CampaignStatus, readonly CampaignStatus[]> = {
  [CampaignStatus.DRAFT]: [CampaignStatus.ACTIVE, CampaignStatus.CANCELLED],
  [CampaignStatus.ACTIVE]: [CampaignStatus.COMPLETED, CampaignStatus.CANCELLED],
  [CampaignStatus.COMPLETED]: [],
  [CampaignStatus.CANCELLED]: [],
};

function illegalMove(what: string, from: string, to: string, allowed: readonly string[]): never {
  const options = allowed.length > 0 ? allowed.join(', ') : 'none (it is final)';
  throw new ConflictError(`A ${from} ${what} cannot move to ${to}; allowed: ${options}`, 'status', {
    allowed: [...allowed],
  });
}

export function planCampaignStatus(current: CampaignStatus, to: CampaignStatus): CampaignStatus {
  const allowed = CAMPAIGN_TRANSITIONS[current];
  if (!allowed.includes(to)) illegalMove('campaign', current, to, allowed);
  return to;
}

/** Members join a campaign while it is being prepared or running, never once it is over. */
export const ENROLLABLE: readonly CampaignStatus[] = [CampaignStatus.DRAFT, CampaignStatus.ACTIVE];

/** The error of enrolling into a finished campaign (a state conflict, not bad input). */
export function assertEnrollable(campaign: { name: string; status: CampaignStatus }): void {
  if (!ENROLLABLE.includes(campaign.status)) {
    throw new AppError(
      'CONFLICT',
      `Campaign "${campaign.name}" is ${campaign.status}; only DRAFT or ACTIVE campaigns take new members`,
      { field: 'campaignId' },
    );
  }
}

const S = CampaignMemberStatus;
/**
 * A member is ENROLLED, then SENT; then OPENED and/or CLICKED; then RESPONDED. A send can BOUNCE;
 * a member can UNSUBSCRIBE at any point short of bouncing. BOUNCED and UNSUBSCRIBED are final.
 */
export const MEMBER_TRANSITIONS: Record<CampaignMemberStatus, readonly CampaignMemberStatus[]> = {
  [S.ENROLLED]: [S.SENT, S.BOUNCED, S.UNSUBSCRIBED],
  [S.SENT]: [S.OPENED, S.CLICKED, S.RESPONDED, S.BOUNCED, S.UNSUBSCRIBED],
  [S.OPENED]: [S.CLICKED, S.RESPONDED, S.UNSUBSCRIBED],
  [S.CLICKED]: [S.RESPONDED, S.UNSUBSCRIBED],
  [S.RESPONDED]: [S.UNSUBSCRIBED],
  [S.BOUNCED]: [],
  [S.UNSUBSCRIBED]: [],
};

/** Members still reachable by the campaign: an unsubscribe moves these to UNSUBSCRIBED. */
export const REACHABLE_MEMBER_STATUSES: readonly CampaignMemberStatus[] = [
  S.ENROLLED,
  S.SENT,
  S.OPENED,
  S.CLICKED,
  S.RESPONDED,
];

export interface MemberState {
  status: CampaignMemberStatus;
  respondedAt: Date | null;
}

/**
 * What a member status change sets. Sends, opens, clicks and responses happen only while the
 * campaign runs (responses may still arrive after it completed); unsubscribing is always possible.
 * RESPONDED stamps `respondedAt`.
 */
export function planMemberStatus(
  current: MemberState,
  campaignStatus: CampaignStatus,
  to: CampaignMemberStatus,
  now: Date,
): MemberState {
  const allowed = MEMBER_TRANSITIONS[current.status];
  if (!allowed.includes(to)) illegalMove('campaign member', current.status, to, allowed);
  if (to !== S.UNSUBSCRIBED) {
    const live =
      campaignStatus === CampaignStatus.ACTIVE ||
      (campaignStatus === CampaignStatus.COMPLETED && to === S.RESPONDED);
    if (!live) {
      throw new ConflictError(`A member of a ${campaignStatus} campaign cannot become ${to}`, 'status');
    }
  }
  return { status: to, respondedAt: to === S.RESPONDED ? now : current.respondedAt };
}

/** Window and budget of a campaign: the end not before the start, budget and currency together. */
export function checkCampaignPlan(plan: {
  startsAt: Date | null;
  endsAt: Date | null;
  budget: string | null;
  currency: string | null;
}): void {
  for (const field of ['startsAt', 'endsAt'] as const) {
    const value = plan[field];
    if (value && Number.isNaN(value.getTime()))
      throw new BadUserInputError(`${field} is not a valid time`, field);
  }
  if (plan.startsAt && plan.endsAt && plan.endsAt.getTime() < plan.startsAt.getTime()) {
    throw new BadUserInputError('endsAt must not be before startsAt', 'endsAt');
  }
  optionalNonNegativeAmount(plan.budget, 'budget');
  if ((plan.budget === null) !== (plan.currency === null)) {
    throw new BadUserInputError('budget and currency go together: give both or neither', 'currency');
  }
}
