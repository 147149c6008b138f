import { PartnerStatus, PartnerTier } from '../partners';
import { LeadOfferStatus } from './lead-sharing.entity';
import {
  acceptanceRate,
  assertOfferTransition,
  comparePartners,
  engagementAllows,
  eligiblePartners,
  excludedPartners,
  OFFER_TRANSITIONS,
  rankPartners,
  repeatsOfferAnswer,
  respondByFor,
  routeLead,
  ruleMatchesLead,
  type EngagementOwner,
  type PartnerOfferStats,
  type RoutingPartner,
  type RoutingRule,
} from './routing.rules';

const O = LeadOfferStatus;
const T = PartnerTier;

const rule = (overrides: Partial<RoutingRule> = {}): RoutingRule => ({
  id: 'rule-1',
  priority: 10,
  enabled: true,
  region: null,
  industry: null,
  minTier: null,
  maxOpenOffersPerPartner: 3,
  ...overrides,
});
const partner = (id: string, overrides: Partial<RoutingPartner> = {}): RoutingPartner => ({
  id,
  status: PartnerStatus.ACTIVE,
  tier: T.GOLD,
  region: 'EMEA',
  ...overrides,
});
const stats = (entries: Record<string, Partial<PartnerOfferStats>>) =>
  new Map(Object.entries(entries).map(([id, s]) => [id, { open: 0, accepted: 0, responded: 0, ...s }]));

describe('lead offer state machine', () => {
  it.each([
    [O.OFFERED, O.ACCEPTED],
    [O.OFFERED, O.DECLINED],
    [O.OFFERED, O.EXPIRED],
    [O.OFFERED, O.WITHDRAWN],
  ])('allows %s → %s', (from, to) => {
    expect(() => assertOfferTransition(from, to)).not.toThrow();
  });

  it('makes every outcome final', () => {
    for (const from of [O.ACCEPTED, O.DECLINED, O.EXPIRED, O.WITHDRAWN]) {
      expect(OFFER_TRANSITIONS[from]).toEqual([]);
      for (const to of Object.values(O)) {
        expect(() => assertOfferTransition(from, to)).toThrow(`${from} is final`);
      }
    }
  });

  it('answers a forbidden move with CONFLICT and the allowed moves', () => {
    try {
      assertOfferTransition(O.OFFERED, O.OFFERED);
      throw new Error('expected a throw');
    } catch (error) {
      expect((error as { extensions: Record<string, unknown> }).extensions).toMatchObject({
        code: 'CONFLICT',
        from: O.OFFERED,
        to: O.OFFERED,
        allowed: [O.ACCEPTED, O.DECLINED, O.EXPIRED, O.WITHDRAWN],
      });
    }
  });

  it('computes the respond-by time from the SLA in hours', () => {
    expect(respondByFor(new Date('2026-11-27T10:00:00.000Z'), 36).toISOString()).toBe(
      '2026-11-28T22:00:00.000Z',
    );
  });
});

describe('which rules apply to a lead', () => {
  it('matches region and industry case-insensitively, null meaning any', () => {
    const lead = { region: 'EMEA', industry: 'Retail' };
    expect(ruleMatchesLead(rule(), lead)).toBe(true);
    expect(ruleMatchesLead(rule({ region: 'emea ', industry: 'RETAIL' }), lead)).toBe(true);
    expect(ruleMatchesLead(rule({ region: 'APAC' }), lead)).toBe(false);
    expect(ruleMatchesLead(rule({ industry: 'Banking' }), lead)).toBe(false);
    expect(ruleMatchesLead(rule({ enabled: false }), lead)).toBe(false);
    // A lead with no region only matches rules that do not ask for one.
    expect(ruleMatchesLead(rule({ region: 'EMEA' }), { region: null, industry: 'Retail' })).toBe(false);
  });
});

describe('eligible partners', () => {
  const partners = [
    partner('active'),
    partner('suspended', { status: PartnerStatus.SUSPENDED }),
    partner('onboarding', { status: PartnerStatus.ONBOARDING }),
    partner('silver', { tier: T.SILVER }),
    partner('platinum', { tier: T.PLATINUM }),
    partner('apac', { region: 'APAC' }),
    partner('full'),
    partner('declined'),
  ];
  const s = stats({ full: { open: 3 }, active: { open: 2 } });
  const excluded = new Set(['declined']);

  it('are ACTIVE, of at least the tier, in the region, under capacity and not excluded', () => {
    const ids = eligiblePartners(rule({ region: 'EMEA', minTier: T.GOLD }), partners, s, excluded).map(
      (p) => p.id,
    );
    expect(ids).toEqual(['active', 'platinum']);
  });

  it('without region or tier limits, only status, capacity and exclusions apply', () => {
    const ids = eligiblePartners(rule(), partners, s, excluded).map((p) => p.id);
    expect(ids).toEqual(['active', 'silver', 'platinum', 'apac']);
  });

  it('capacity is strict: open offers must be below the maximum', () => {
    expect(eligiblePartners(rule({ maxOpenOffersPerPartner: 2 }), [partner('active')], s, new Set())).toEqual(
      [],
    );
  });

  it('excludes partners that declined the lead or let an offer for it expire, not others', () => {
    const excludedIds = excludedPartners([
      { partnerId: 'a', status: O.DECLINED },
      { partnerId: 'b', status: O.EXPIRED },
      { partnerId: 'c', status: O.WITHDRAWN },
      { partnerId: 'd', status: O.OFFERED },
    ]);
    expect([...excludedIds].sort()).toEqual(['a', 'b']);
  });
});

describe('ranking', () => {
  it('prefers the higher acceptance rate, then the lower load, then the lower id', () => {
    const s = stats({
      b: { accepted: 3, responded: 4, open: 2 }, // 75%
      a: { accepted: 3, responded: 4, open: 1 }, // 75%, less loaded
      c: { accepted: 1, responded: 2 }, // 50%
      d: {}, // never answered: 0
      e: { accepted: 9, responded: 10 }, // 90%
      f: { accepted: 3, responded: 4, open: 1 }, // same as a: id breaks the tie
    });
    const ranked = rankPartners(
      ['d', 'c', 'f', 'b', 'a', 'e'].map((id) => ({ id })),
      s,
    ).map((p) => p.id);
    expect(ranked).toEqual(['e', 'a', 'f', 'b', 'c', 'd']);
  });

  it('compares rates exactly (2/3 is above 666/1000)', () => {
    const s = stats({ x: { accepted: 2, responded: 3 }, y: { accepted: 666, responded: 1000 } });
    expect(comparePartners({ id: 'x' }, { id: 'y' }, s)).toBeLessThan(0);
  });

  it('reports the acceptance rate, null before any answer', () => {
    expect(acceptanceRate({ open: 1, accepted: 1, responded: 4 })).toBe(0.25);
    expect(acceptanceRate({ open: 1, accepted: 0, responded: 0 })).toBeNull();
    expect(acceptanceRate(undefined)).toBeNull();
  });
});

describe('routing a lead', () => {
  const emea = rule({ id: 'emea', priority: 1, region: 'EMEA', industry: 'Retail', minTier: T.GOLD });
  const fallback = rule({ id: 'fallback', priority: 5 });
  const disabled = rule({ id: 'disabled', priority: 0, enabled: false });
  const partners = [partner('p1'), partner('p2'), partner('us', { region: 'NA', tier: T.SILVER })];
  const lead = { region: 'EMEA', industry: 'Retail' };

  it('uses the first matching rule by priority and ranks its eligible partners', () => {
    const s = stats({ p2: { accepted: 1, responded: 1 } });
    const route = routeLead(lead, [fallback, emea, disabled], partners, s, []);
    expect(route?.rule.id).toBe('emea');
    expect(route?.partners.map((p) => p.id)).toEqual(['p2', 'p1']);
  });

  it('falls through to the next rule when the first has nobody eligible', () => {
    const history = [
      { partnerId: 'p1', status: O.DECLINED },
      { partnerId: 'p2', status: O.EXPIRED },
    ];
    const route = routeLead(lead, [emea, fallback], partners, stats({}), history);
    expect(route?.rule.id).toBe('fallback');
    expect(route?.partners.map((p) => p.id)).toEqual(['us']);
  });

  it('gives null when no rule can place the lead', () => {
    const history = ['p1', 'p2', 'us'].map((partnerId) => ({ partnerId, status: O.DECLINED }));
    expect(routeLead(lead, [emea, fallback], partners, stats({}), history)).toBeNull();
    expect(routeLead(lead, [disabled], partners, stats({}), [])).toBeNull();
  });

  it('breaks ties between rules of equal priority by id', () => {
    const a = rule({ id: 'a', priority: 3 });
    const b = rule({ id: 'b', priority: 3 });
    expect(routeLead(lead, [b, a], partners, stats({}), [])?.rule.id).toBe('a');
  });
});

test('an answer the offer already has is a repeat; a decline only for the same reason', () => {
  const O = LeadOfferStatus;
  expect(repeatsOfferAnswer({ status: O.ACCEPTED, declineReason: null }, O.ACCEPTED)).toBe(true);
  expect(repeatsOfferAnswer({ status: O.OFFERED, declineReason: null }, O.ACCEPTED)).toBe(false);
  expect(repeatsOfferAnswer({ status: O.ACCEPTED, declineReason: null }, O.DECLINED, 'No')).toBe(false);
  expect(repeatsOfferAnswer({ status: O.DECLINED, declineReason: 'No' }, O.DECLINED, 'No')).toBe(true);
  expect(() => repeatsOfferAnswer({ status: O.DECLINED, declineReason: 'No' }, O.DECLINED, 'Later')).toThrow(
    expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT' }) }),
  );
});

describe('rules of engagement', () => {
  const engagementRule = {
    id: 'r1',
    priority: 1,
    enabled: true,
    region: null,
    industry: null,
    minTier: null,
    maxOpenOffersPerPartner: 10,
  };
  const partner = (id: string) => ({
    id,
    status: PartnerStatus.ACTIVE,
    tier: PartnerTier.GOLD,
    region: null,
  });
  const both = [partner('owner'), partner('other')];
  const lead = (ownership: EngagementOwner | null) => ({ region: null, industry: null, ownership });

  it('offers no partner a lead of a DIRECT account', () => {
    expect(
      routeLead(lead({ ownership: 'DIRECT', ownerPartnerId: null }), [engagementRule], both, new Map(), []),
    ).toBeNull();
  });

  it('offers a CHANNEL account only to its owner, skipping partners in conflict', () => {
    const routed = routeLead(
      lead({ ownership: 'CHANNEL', ownerPartnerId: 'owner' }),
      [engagementRule],
      both,
      new Map(),
      [],
    );
    expect(routed?.partners.map((p) => p.id)).toEqual(['owner']);
    expect(engagementAllows({ ownership: 'CHANNEL', ownerPartnerId: 'owner' }, 'other')).toBe(false);
  });

  it('offers a SHARED account, or a lead without one, to every eligible partner', () => {
    for (const owner of [{ ownership: 'SHARED' as const, ownerPartnerId: null }, null]) {
      expect(routeLead(lead(owner), [engagementRule], both, new Map(), [])?.partners).toHaveLength(2);
    }
  });
});

test('account mapping: partners mapping the lead account rank first, within the rules of engagement', () => {
  const rule = {
    id: 'r',
    priority: 1,
    enabled: true,
    region: null,
    industry: null,
    minTier: null,
    maxOpenOffersPerPartner: 5,
  };
  const partner = (id: string) => ({
    id,
    status: PartnerStatus.ACTIVE,
    tier: PartnerTier.GOLD,
    region: null,
  });
  const partners = [partner('a'), partner('b'), partner('c')];
  const stats = new Map([['a', { open: 0, accepted: 3, responded: 3 }]]);
  const lead = { region: null, industry: null };
  expect(routeLead(lead, [rule], partners, stats, [])!.partners.map((p) => p.id)).toEqual(['a', 'b', 'c']);
  expect(routeLead(lead, [rule], partners, stats, [], new Set(['c']))!.partners.map((p) => p.id)).toEqual([
    'c',
    'a',
    'b',
  ]);
  // A CHANNEL account of b: c's mapping does not make it eligible.
  const owned = { ...lead, ownership: { ownership: 'CHANNEL' as const, ownerPartnerId: 'b' } };
  expect(routeLead(owned, [rule], partners, stats, [], new Set(['c']))!.partners.map((p) => p.id)).toEqual([
    'b',
  ]);
  expect(
    routeLead(
      { ...lead, ownership: { ownership: 'DIRECT', ownerPartnerId: null } },
      [rule],
      partners,
      stats,
      [],
      new Set(['a']),
    ),
  ).toBeNull();
});
