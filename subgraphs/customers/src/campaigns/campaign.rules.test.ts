import { CampaignChannel, CampaignMemberStatus as M, CampaignStatus as C } from './campaign.entity';
import { assertEnrollable, checkCampaignPlan, planCampaignStatus, planMemberStatus } from './campaign.rules';
import { PreferenceChannel } from '../preferences';
import { ConsentBlock, contactConsentBlock, leadConsentBlock } from './campaign.consent';

const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions: { code: string } }).extensions.code;
  }
  return 'no error';
};

describe('campaign status machine', () => {
  it('runs DRAFT → ACTIVE → COMPLETED, cancels before completion, and ends there', () => {
    expect(planCampaignStatus(C.DRAFT, C.ACTIVE)).toBe(C.ACTIVE);
    expect(planCampaignStatus(C.ACTIVE, C.COMPLETED)).toBe(C.COMPLETED);
    expect(planCampaignStatus(C.DRAFT, C.CANCELLED)).toBe(C.CANCELLED);
    expect(planCampaignStatus(C.ACTIVE, C.CANCELLED)).toBe(C.CANCELLED);
    expect(() => planCampaignStatus(C.DRAFT, C.COMPLETED)).toThrow(
      'A DRAFT campaign cannot move to COMPLETED; allowed: ACTIVE, CANCELLED',
    );
    expect(() => planCampaignStatus(C.COMPLETED, C.ACTIVE)).toThrow('allowed: none (it is final)');
    expect(() => planCampaignStatus(C.CANCELLED, C.DRAFT)).toThrow('allowed: none (it is final)');
    expect(codeOf(() => planCampaignStatus(C.ACTIVE, C.ACTIVE))).toBe('CONFLICT');
  });

  it('takes new members only while DRAFT or ACTIVE (a CONFLICT otherwise)', () => {
    expect(codeOf(() => assertEnrollable({ name: 'X', status: C.DRAFT }))).toBe('no error');
    expect(codeOf(() => assertEnrollable({ name: 'X', status: C.ACTIVE }))).toBe('no error');
    expect(codeOf(() => assertEnrollable({ name: 'X', status: C.COMPLETED }))).toBe('CONFLICT');
    expect(codeOf(() => assertEnrollable({ name: 'X', status: C.CANCELLED }))).toBe('CONFLICT');
  });

  it('checks the window and that budget and currency go together', () => {
    const plan = { startsAt: null, endsAt: null, budget: null, currency: null };
    expect(codeOf(() => checkCampaignPlan(plan))).toBe('no error');
    expect(codeOf(() => checkCampaignPlan({ ...plan, budget: '10.00', currency: 'EUR' }))).toBe('no error');
    expect(() => checkCampaignPlan({ ...plan, budget: '10.00' })).toThrow('budget and currency go together');
    expect(() => checkCampaignPlan({ ...plan, currency: 'EUR' })).toThrow('budget and currency go together');
    expect(() => checkCampaignPlan({ ...plan, budget: '-1.00', currency: 'EUR' })).toThrow(
      'must not be negative',
    );
    expect(() =>
      checkCampaignPlan({ ...plan, startsAt: new Date('2026-03-02'), endsAt: new Date('2026-03-01') }),
    ).toThrow('endsAt must not be before startsAt');
  });
});

describe('campaign member status machine', () => {
  const now = new Date('2026-05-01T10:00:00.000Z');
  const at = (status: M) => ({ status, respondedAt: null });

  it('walks ENROLLED → SENT → OPENED → CLICKED → RESPONDED and stamps the response', () => {
    expect(planMemberStatus(at(M.ENROLLED), C.ACTIVE, M.SENT, now)).toEqual({
      status: M.SENT,
      respondedAt: null,
    });
    expect(planMemberStatus(at(M.SENT), C.ACTIVE, M.OPENED, now).status).toBe(M.OPENED);
    expect(planMemberStatus(at(M.OPENED), C.ACTIVE, M.CLICKED, now).status).toBe(M.CLICKED);
    expect(planMemberStatus(at(M.CLICKED), C.ACTIVE, M.RESPONDED, now)).toEqual({
      status: M.RESPONDED,
      respondedAt: now,
    });
    expect(planMemberStatus(at(M.SENT), C.ACTIVE, M.RESPONDED, now).respondedAt).toBe(now);
  });

  it('refuses skipped steps and moves out of final states', () => {
    expect(() => planMemberStatus(at(M.ENROLLED), C.ACTIVE, M.OPENED, now)).toThrow(
      'A ENROLLED campaign member cannot move to OPENED; allowed: SENT, BOUNCED, UNSUBSCRIBED',
    );
    expect(() => planMemberStatus(at(M.CLICKED), C.ACTIVE, M.OPENED, now)).toThrow(
      'allowed: RESPONDED, UNSUBSCRIBED',
    );
    expect(() => planMemberStatus(at(M.BOUNCED), C.ACTIVE, M.SENT, now)).toThrow('none (it is final)');
    expect(() => planMemberStatus(at(M.UNSUBSCRIBED), C.ACTIVE, M.SENT, now)).toThrow('none (it is final)');
    expect(() => planMemberStatus(at(M.OPENED), C.ACTIVE, M.BOUNCED, now)).toThrow();
  });

  it('sends only while the campaign runs, takes late responses, and always lets people unsubscribe', () => {
    expect(() => planMemberStatus(at(M.ENROLLED), C.DRAFT, M.SENT, now)).toThrow(
      'A member of a DRAFT campaign cannot become SENT',
    );
    expect(() => planMemberStatus(at(M.ENROLLED), C.COMPLETED, M.SENT, now)).toThrow();
    expect(planMemberStatus(at(M.SENT), C.COMPLETED, M.RESPONDED, now).status).toBe(M.RESPONDED);
    expect(planMemberStatus(at(M.ENROLLED), C.CANCELLED, M.UNSUBSCRIBED, now).status).toBe(M.UNSUBSCRIBED);
    expect(planMemberStatus(at(M.ENROLLED), C.DRAFT, M.UNSUBSCRIBED, now).status).toBe(M.UNSUBSCRIBED);
  });
});

describe('consent', () => {
  const email = (optedIn: boolean, unsubscribedAt: Date | null = null) => ({
    channel: PreferenceChannel.EMAIL,
    optedIn,
    unsubscribedAt,
  });

  it('lets a contact join only with an opt-in for the channel the campaign needs', () => {
    for (const channel of Object.values(CampaignChannel)) {
      expect(contactConsentBlock([email(true)], channel)).toBeNull();
      expect(contactConsentBlock([], channel)).toBe(ConsentBlock.NO_CONSENT);
    }
    expect(
      contactConsentBlock(
        [{ channel: PreferenceChannel.SMS, optedIn: true, unsubscribedAt: null }],
        CampaignChannel.EMAIL,
      ),
    ).toBe(ConsentBlock.NO_CONSENT);
    expect(contactConsentBlock([email(false)], CampaignChannel.EMAIL)).toBe(ConsentBlock.NO_CONSENT);
  });

  it('tells an unsubscribe apart from consent never given', () => {
    expect(contactConsentBlock([email(false, new Date())], CampaignChannel.WEBINAR)).toBe(
      ConsentBlock.UNSUBSCRIBED,
    );
  });

  it('keeps leads without consent out of email campaigns', () => {
    expect(leadConsentBlock({ consentGiven: false }, CampaignChannel.EMAIL)).toBe(ConsentBlock.NO_CONSENT);
    expect(leadConsentBlock({ consentGiven: true }, CampaignChannel.EMAIL)).toBeNull();
  });
});
