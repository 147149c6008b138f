import { GraphQLError } from 'graphql';
import { LeadStatus } from './lead.entity';
import {
  assertInitialStatus,
  assertTransition,
  LEAD_TRANSITIONS,
  planConsent,
  planLeadStatusChange,
} from './lead.rules';

const { NEW, CONTACTED, QUALIFIED, DISQUALIFIED, CONVERTED } = LeadStatus;
const now = new Date('2026-11-27T12:00:00Z');

function errorOf(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected an error');
}

test('the lifecycle, move by move', () => {
  const legal: [LeadStatus, LeadStatus][] = [
    [NEW, CONTACTED],
    [CONTACTED, QUALIFIED],
    [QUALIFIED, CONVERTED],
    [NEW, DISQUALIFIED],
    [CONTACTED, DISQUALIFIED],
    [QUALIFIED, DISQUALIFIED],
    [DISQUALIFIED, NEW],
  ];
  for (const from of Object.values(LeadStatus)) {
    for (const to of Object.values(LeadStatus)) {
      const ok = legal.some(([a, b]) => a === from && b === to);
      if (ok) expect(() => assertTransition(from, to)).not.toThrow();
      else expect(() => assertTransition(from, to)).toThrow();
    }
  }
});

test('an illegal move is CONFLICT naming the allowed ones; CONVERTED is final', () => {
  const error = errorOf(() => assertTransition(NEW, QUALIFIED));
  expect(error.extensions).toEqual({
    code: 'CONFLICT',
    field: 'status',
    allowed: [CONTACTED, DISQUALIFIED],
  });
  expect(error.message).toBe('A NEW lead cannot move to QUALIFIED; allowed: CONTACTED, DISQUALIFIED');
  const final = errorOf(() => assertTransition(CONVERTED, NEW));
  expect(final.extensions).toMatchObject({ allowed: [] });
  expect(final.message).toContain('none (it is final)');
  expect(LEAD_TRANSITIONS[CONVERTED]).toEqual([]);
});

test('status changes: disqualifying needs a reason; conversion only through convertLead', () => {
  expect(planLeadStatusChange({ status: NEW }, CONTACTED, null)).toEqual({
    status: CONTACTED,
    statusReason: null,
  });
  expect(planLeadStatusChange({ status: QUALIFIED }, DISQUALIFIED, 'No budget')).toEqual({
    status: DISQUALIFIED,
    statusReason: 'No budget',
  });
  expect(errorOf(() => planLeadStatusChange({ status: NEW }, DISQUALIFIED, null)).extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'reason',
  });
  expect(
    errorOf(() => planLeadStatusChange({ status: QUALIFIED }, CONVERTED, null)).extensions,
  ).toMatchObject({
    code: 'BAD_USER_INPUT',
    allowed: [DISQUALIFIED],
  });
  expect(() => assertInitialStatus(CONVERTED)).toThrow('use convertLead');
  expect(() => assertInitialStatus(QUALIFIED)).not.toThrow();
});

test('consent: given with a source (time defaults to now), or not at all', () => {
  expect(planConsent({}, now)).toEqual({ consentGiven: false, consentAt: null, consentSource: null });
  expect(planConsent({ consentGiven: true, consentSource: ' web form ' }, now)).toEqual({
    consentGiven: true,
    consentAt: now,
    consentSource: 'web form',
  });
  expect(() => planConsent({ consentGiven: true }, now)).toThrow('consentSource is required');
  expect(() => planConsent({ consentSource: 'web' }, now)).toThrow('need consentGiven');
  expect(() =>
    planConsent({ consentGiven: true, consentSource: 'web', consentAt: new Date(now.getTime() + 1000) }, now),
  ).toThrow('future');
});
