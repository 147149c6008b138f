import {
  dealChanges,
  ForecastChangeKind as K,
  isoWeekStart,
  oldestKeptWeek,
  overlaps,
  PeriodType,
  quotaMeasures,
  resolvePeriod,
  type DealSide,
} from './forecast.rules';

const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { extensions?: { code?: string; field?: string } }).extensions;
  }
  return null;
};

describe('resolvePeriod', () => {
  it('names calendar periods by their first day, leap years included', () => {
    expect(resolvePeriod({ type: PeriodType.MONTH, start: '2028-02-01' })).toEqual({
      from: '2028-02-01',
      to: '2028-02-29',
    });
    expect(resolvePeriod({ type: PeriodType.QUARTER, start: '2026-10-01' })).toEqual({
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(resolvePeriod({ type: PeriodType.YEAR, start: '2026-01-01' })).toEqual({
      from: '2026-01-01',
      to: '2026-12-31',
    });
    expect(resolvePeriod({ from: '2026-01-15', to: '2026-01-15' })).toEqual({
      from: '2026-01-15',
      to: '2026-01-15',
    });
  });

  it('refuses what is not one period, typed and naming the field', () => {
    expect(code(() => resolvePeriod({ type: PeriodType.QUARTER, start: '2026-02-01' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'period.start',
    });
    expect(code(() => resolvePeriod({ type: PeriodType.MONTH, start: '2026-02-02' }))).toMatchObject({
      field: 'period.start',
    });
    expect(code(() => resolvePeriod({ from: '2026-02-02', to: '2026-02-01' }))).toMatchObject({
      field: 'period.to',
    });
    expect(code(() => resolvePeriod({ from: '2026-01-01', to: '2027-01-02' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(code(() => resolvePeriod({ from: '2026-01-01' }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(code(() => resolvePeriod({ type: PeriodType.MONTH }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(code(() => resolvePeriod({}))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(code(() => resolvePeriod(null))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(
      code(() =>
        resolvePeriod({ from: '2026-01-01', to: '2026-01-31', type: PeriodType.MONTH, start: '2026-01-01' }),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(code(() => resolvePeriod({ type: PeriodType.YEAR, start: '9999-01-01' }))).toMatchObject({
      field: 'period.start',
    });
    expect(code(() => resolvePeriod({ from: '1899-12-31', to: '1900-01-31' }))).toMatchObject({
      field: 'period.from',
    });
    // A 366-day range is allowed (a leap year), a 367-day one is not.
    expect(resolvePeriod({ from: '2028-01-01', to: '2028-12-31' }).to).toBe('2028-12-31');
  });

  it('periods overlap when they share a day', () => {
    expect(overlaps({ from: '2026-01-01', to: '2026-03-31' }, { from: '2026-03-31', to: '2026-04-30' })).toBe(
      true,
    );
    expect(overlaps({ from: '2026-01-01', to: '2026-03-31' }, { from: '2026-04-01', to: '2026-04-30' })).toBe(
      false,
    );
  });
});

describe('ISO weeks', () => {
  it('a week starts on Monday (UTC), Sunday night still in it', () => {
    expect(isoWeekStart(new Date('2026-12-03T10:00:00Z'))).toBe('2026-11-30');
    expect(isoWeekStart(new Date('2026-12-06T23:59:59.999Z'))).toBe('2026-11-30');
    expect(isoWeekStart(new Date('2026-12-07T00:00:00Z'))).toBe('2026-12-07');
    expect(isoWeekStart(new Date('2027-01-01T00:00:00Z'))).toBe('2026-12-28');
  });

  it('a retention of n weeks keeps this week and the n − 1 before', () => {
    expect(oldestKeptWeek(new Date('2026-12-03T00:00:00Z'), 1)).toBe('2026-11-30');
    expect(oldestKeptWeek(new Date('2026-12-03T00:00:00Z'), 3)).toBe('2026-11-16');
  });
});

describe('quotaMeasures', () => {
  it('attainment, gap and coverage exactly, to 4 decimals', () => {
    expect(
      quotaMeasures({ quotaCents: 4_000_000n, wonCents: 400_000n, openPipelineCents: 1_533_333n }),
    ).toEqual({
      attainment: 0.1,
      gap: '36000.00',
      coverage: 0.4259,
    });
    // Over quota: a negative gap, no coverage.
    expect(quotaMeasures({ quotaCents: 100n, wonCents: 150n, openPipelineCents: 10n })).toEqual({
      attainment: 1.5,
      gap: '-0.50',
      coverage: null,
    });
    expect(quotaMeasures({ quotaCents: 0n, wonCents: 0n, openPipelineCents: 10n })).toEqual({
      attainment: null,
      gap: '0.00',
      coverage: null,
    });
    expect(quotaMeasures({ quotaCents: null, wonCents: 5n, openPipelineCents: 5n })).toEqual({
      attainment: null,
      gap: null,
      coverage: null,
    });
    // Rounded at the 4th decimal: 1 / 3 = 0.3333.
    expect(quotaMeasures({ quotaCents: 300n, wonCents: 100n, openPipelineCents: 0n }).attainment).toBe(
      0.3333,
    );
  });
});

describe('dealChanges', () => {
  const open = (extra: Partial<DealSide> = {}): DealSide => ({
    inPeriod: true,
    stage: 'PROPOSAL',
    open: true,
    won: false,
    category: 'BEST_CASE',
    amountCents: 100n,
    currency: 'USD',
    expectedCloseDate: '2026-11-10',
    ...extra,
  });
  const won = open({ stage: 'CLOSED_WON', open: false, won: true, category: 'CLOSED' });
  const lost = open({ stage: 'CLOSED_LOST', open: false, category: 'OMITTED' });

  it('names every way a deal enters, leaves or moves in the period', () => {
    expect(dealChanges(null, open())).toEqual([K.ADDED]);
    expect(dealChanges(open(), null)).toEqual([K.REMOVED]);
    expect(dealChanges(open({ inPeriod: false }), open())).toEqual([K.PULLED_IN]);
    expect(dealChanges(open(), open({ inPeriod: false }))).toEqual([K.PUSHED_OUT]);
    expect(dealChanges(open(), won)).toEqual([K.WON, K.CATEGORY_CHANGED]);
    expect(dealChanges(open(), lost)).toEqual([K.LOST, K.CATEGORY_CHANGED]);
    // Closed outside the period (won early, say): left the period, won.
    expect(dealChanges(open(), { ...won, inPeriod: false })).toEqual([K.WON]);
    expect(dealChanges(open(), open({ category: 'COMMIT', stage: 'NEGOTIATION' }))).toEqual([
      K.CATEGORY_CHANGED,
    ]);
    expect(dealChanges(open({ stage: 'PROSPECTING' }), open({ stage: 'QUALIFICATION' }))).toEqual([
      K.STAGE_CHANGED,
    ]);
    expect(dealChanges(open(), open({ amountCents: 101n }))).toEqual([K.AMOUNT_UP]);
    expect(dealChanges(open(), open({ amountCents: 99n, category: 'COMMIT' }))).toEqual([
      K.CATEGORY_CHANGED,
      K.AMOUNT_DOWN,
    ]);
    // Another currency: no amount comparison; nothing the forecast counts: no change.
    expect(dealChanges(open(), open({ amountCents: 5n, currency: 'EUR' }))).toEqual([]);
    expect(dealChanges(open(), open())).toEqual([]);
    // Reopened from a closed state into the period: added to the open pipeline.
    expect(dealChanges({ ...lost, inPeriod: false }, open())).toEqual([K.ADDED]);
  });
});
