import { ActivityType } from '../activities';
import {
  countRecentActivities,
  engagementScore,
  fitScore,
  isFreeMail,
  leadScore,
  MAX_ENGAGEMENT,
  MAX_FIT,
} from './lead.scoring';
import { DAY_MS } from '@sales-graph/shared/time';

const now = new Date('2026-11-27T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
const nothing = { industry: null, region: null, company: null, email: null };

test('fit: target industry and region, company and a business address add up to the maximum', () => {
  expect(fitScore(nothing)).toBe(0);
  const best = { industry: ' Software ', region: 'EMEA', company: 'Acme', email: 'ana@acme.com' };
  expect(fitScore(best)).toBe(MAX_FIT);
  expect(MAX_FIT).toBe(60);
  expect(fitScore({ ...nothing, industry: 'Mining' })).toBe(10);
  expect(fitScore({ ...nothing, industry: 'healthcare' })).toBe(20);
  expect(fitScore({ ...nothing, region: 'LATAM' })).toBe(5);
  expect(fitScore({ ...nothing, region: 'na' })).toBe(10);
  expect(fitScore({ ...nothing, company: '   ' })).toBe(0);
  expect(fitScore({ ...nothing, company: 'Acme' })).toBe(10);
});

test('fit: a free-mail address earns nothing, a business domain 20', () => {
  expect(isFreeMail('ana@Gmail.com')).toBe(true);
  expect(isFreeMail('ana@acme.com')).toBe(false);
  expect(isFreeMail(null)).toBe(false);
  expect(fitScore({ ...nothing, email: 'ana@gmail.com' })).toBe(0);
  expect(fitScore({ ...nothing, email: 'ana@outlook.com' })).toBe(0);
  expect(fitScore({ ...nothing, email: 'ana@acme.com' })).toBe(20);
});

test('engagement: points per type, capped', () => {
  expect(engagementScore({})).toBe(0);
  expect(engagementScore({ [ActivityType.MEETING]: 1 })).toBe(15);
  expect(engagementScore({ [ActivityType.CALL]: 1, [ActivityType.EMAIL]: 2, [ActivityType.NOTE]: 3 })).toBe(
    23,
  );
  expect(engagementScore({ [ActivityType.TASK]: 1 })).toBe(3);
  expect(engagementScore({ [ActivityType.MEETING]: 10 })).toBe(MAX_ENGAGEMENT);
});

test('engagement window: the last 30 days count, older and future activities do not', () => {
  const counts = countRecentActivities(
    [
      { type: ActivityType.CALL, occurredAt: daysAgo(1) },
      { type: ActivityType.CALL, occurredAt: daysAgo(29.9) },
      { type: ActivityType.CALL, occurredAt: daysAgo(30) },
      { type: ActivityType.MEETING, occurredAt: daysAgo(45) },
      { type: ActivityType.EMAIL, occurredAt: new Date(now.getTime() + 60_000) },
      { type: ActivityType.EMAIL, occurredAt: now },
    ],
    now,
  );
  expect(counts).toEqual({ [ActivityType.CALL]: 2, [ActivityType.EMAIL]: 1 });
});

test('score = fit + engagement, within 0..100', () => {
  const fit = { industry: 'Software', region: 'EMEA', company: 'Acme', email: 'ana@acme.com' };
  expect(leadScore(fit, {})).toBe(60);
  expect(leadScore(fit, { [ActivityType.MEETING]: 1, [ActivityType.CALL]: 1 })).toBe(85);
  expect(leadScore(fit, { [ActivityType.MEETING]: 100 })).toBe(100);
  expect(leadScore(nothing, {})).toBe(0);
});
