// Types only: scoring reads activities (counted by type), it never calls the activities module.
import type { ActivityType } from '../activities';
import { DAY_MS } from '@sales-graph/shared/time';

/**
 * Lead scoring as pure rules: a fit score from what we know about the lead (industry, region,
 * company, business or free-mail address) plus an engagement score from the activities linked
 * to it in the last ENGAGEMENT_WINDOW_DAYS days, by type. Together 0 to 100.
 */

export const ENGAGEMENT_WINDOW_DAYS = 30;

/** Industries we sell best into (compared case-insensitively). */
export const TARGET_INDUSTRIES: ReadonlySet<string> = new Set([
  'software',
  'manufacturing',
  'healthcare',
  'logistics',
  'financial services',
]);
/** Regions covered by our own sales teams. */
export const TARGET_REGIONS: ReadonlySet<string> = new Set(['emea', 'na']);

/** Consumer mailbox providers: an address there says nothing about a company. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'proton.me',
  'protonmail.com',
  'mail.com',
  'yandex.com',
]);

export const FIT_POINTS = {
  targetIndustry: 20,
  otherIndustry: 10,
  targetRegion: 10,
  otherRegion: 5,
  company: 10,
  businessEmail: 20,
} as const;
export const MAX_FIT = 60;

/**
 * Points per linked activity in the window (one per ActivityType, by its name); engagement is
 * capped at MAX_ENGAGEMENT.
 */
export const ENGAGEMENT_POINTS = {
  MEETING: 15,
  CALL: 10,
  EMAIL: 5,
  TASK: 3,
  NOTE: 1,
} satisfies Record<`${ActivityType}`, number> as Record<ActivityType, number>;
export const MAX_ENGAGEMENT = 40;

export interface LeadFitFacts {
  industry: string | null;
  region: string | null;
  company: string | null;
  email: string | null;
}

export type ActivityCounts = Partial<Record<ActivityType, number>>;

const present = (value: string | null | undefined): value is string => !!value && value.trim() !== '';

export function emailDomain(email: string | null): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at > 0 ? email.slice(at + 1).toLowerCase() : null;
}

export function isFreeMail(email: string | null): boolean {
  const domain = emailDomain(email);
  return domain !== null && FREE_MAIL_DOMAINS.has(domain);
}

/** 0 to MAX_FIT. */
export function fitScore(facts: LeadFitFacts): number {
  let score = 0;
  if (present(facts.industry)) {
    score += TARGET_INDUSTRIES.has(facts.industry.trim().toLowerCase())
      ? FIT_POINTS.targetIndustry
      : FIT_POINTS.otherIndustry;
  }
  if (present(facts.region)) {
    score += TARGET_REGIONS.has(facts.region.trim().toLowerCase())
      ? FIT_POINTS.targetRegion
      : FIT_POINTS.otherRegion;
  }
  if (present(facts.company)) score += FIT_POINTS.company;
  if (emailDomain(facts.email) && !isFreeMail(facts.email)) score += FIT_POINTS.businessEmail;
  return score;
}

/** 0 to MAX_ENGAGEMENT, from counts of activities by type inside the window. */
export function engagementScore(counts: ActivityCounts): number {
  let score = 0;
  for (const [type, points] of Object.entries(ENGAGEMENT_POINTS) as [ActivityType, number][]) {
    score += (counts[type] ?? 0) * points;
  }
  return Math.min(MAX_ENGAGEMENT, score);
}

/** Start of the engagement window: activities after this instant (and not in the future) count. */
export function engagementWindowStart(now: Date): Date {
  return new Date(now.getTime() - ENGAGEMENT_WINDOW_DAYS * DAY_MS);
}

/** Counts activities by type inside the window ending at `now`. */
export function countRecentActivities(
  activities: readonly { type: ActivityType; occurredAt: Date }[],
  now: Date,
): ActivityCounts {
  const from = engagementWindowStart(now).getTime();
  const counts: ActivityCounts = {};
  for (const { type, occurredAt } of activities) {
    const at = occurredAt.getTime();
    if (at > from && at <= now.getTime()) counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

/** The lead's score, 0 to 100. */
export function leadScore(facts: LeadFitFacts, counts: ActivityCounts): number {
  return Math.max(0, Math.min(100, fitScore(facts) + engagementScore(counts)));
}
