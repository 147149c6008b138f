import { BadUserInputError, ConflictError } from '@sales-graph/shared/errors';
import { ActivityType } from './activity.entity';

/** Clock skew tolerated between a client and the server for "not in the future" checks. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface ActivityTiming {
  occurredAt: Date;
  dueAt: Date | null;
}

/**
 * When an activity happened and, for a task, when it is due. Something that happened cannot lie
 * in the future; only tasks have a due time, and it cannot precede the moment the task was logged.
 */
export function planActivityTiming(
  type: ActivityType,
  input: { occurredAt?: Date | null; dueAt?: Date | null },
  now: Date,
): ActivityTiming {
  const occurredAt = input.occurredAt ?? now;
  if (Number.isNaN(occurredAt.getTime()))
    throw new BadUserInputError('occurredAt is not a valid time', 'occurredAt');
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new BadUserInputError('occurredAt must not be in the future', 'occurredAt');
  }
  const dueAt = input.dueAt ?? null;
  if (dueAt && type !== ActivityType.TASK) throw new BadUserInputError('Only a TASK has a due time', 'dueAt');
  if (dueAt && dueAt.getTime() < occurredAt.getTime()) {
    throw new BadUserInputError('dueAt must not be before the task was logged', 'dueAt');
  }
  return { occurredAt, dueAt };
}

/** Completing a task stamps it once; anything else, or a task already done, is a mistake. */
export function planTaskCompletion(
  activity: { type: ActivityType; completedAt: Date | null },
  now: Date,
): Date {
  if (activity.type !== ActivityType.TASK) {
    throw new BadUserInputError(`Only a TASK can be completed, this is a ${activity.type}`, 'id');
  }
  if (activity.completedAt) throw new ConflictError('Task is already completed', 'id');
  return now;
}

/** A linked record (contact, lead, deal) must belong to the activity's customer. */
export function assertSameCustomer(
  kind: 'contactId' | 'leadId' | 'dealId',
  linkedCustomerId: string | null,
  customerId: string,
): void {
  if (linkedCustomerId !== null && linkedCustomerId !== customerId) {
    throw new BadUserInputError(`${kind} belongs to another customer`, kind);
  }
}
