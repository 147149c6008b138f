import { ActivityType } from './activity.entity';
import { assertSameCustomer, planActivityTiming, planTaskCompletion } from './activity.rules';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

describe('planActivityTiming', () => {
  it('defaults occurredAt to now', () => {
    expect(planActivityTiming(ActivityType.CALL, {}, NOW)).toEqual({ occurredAt: NOW, dueAt: null });
  });

  it('accepts the past and a little clock skew, refuses the future', () => {
    expect(planActivityTiming(ActivityType.MEETING, { occurredAt: minutes(-600) }, NOW).occurredAt).toEqual(
      minutes(-600),
    );
    expect(planActivityTiming(ActivityType.NOTE, { occurredAt: minutes(4) }, NOW).occurredAt).toEqual(
      minutes(4),
    );
    expect(() => planActivityTiming(ActivityType.CALL, { occurredAt: minutes(60) }, NOW)).toThrow(
      'occurredAt must not be in the future',
    );
  });

  it('gives only tasks a due time, never before they were logged', () => {
    expect(planActivityTiming(ActivityType.TASK, { dueAt: minutes(1440) }, NOW).dueAt).toEqual(minutes(1440));
    expect(() => planActivityTiming(ActivityType.EMAIL, { dueAt: minutes(60) }, NOW)).toThrow(
      'Only a TASK has a due time',
    );
    expect(() => planActivityTiming(ActivityType.TASK, { dueAt: minutes(-60) }, NOW)).toThrow(
      'dueAt must not be before the task was logged',
    );
  });
});

describe('planTaskCompletion', () => {
  it('completes an open task at the given time', () => {
    expect(planTaskCompletion({ type: ActivityType.TASK, completedAt: null }, NOW)).toEqual(NOW);
  });

  it('refuses a second completion and anything that is not a task', () => {
    expect(() => planTaskCompletion({ type: ActivityType.TASK, completedAt: NOW }, NOW)).toThrow(
      'already completed',
    );
    expect(() => planTaskCompletion({ type: ActivityType.CALL, completedAt: null }, NOW)).toThrow(
      'Only a TASK can be completed, this is a CALL',
    );
  });
});

describe('assertSameCustomer', () => {
  it("accepts the customer's own records and unattached ones, refuses another customer's", () => {
    expect(() => assertSameCustomer('dealId', 'c1', 'c1')).not.toThrow();
    expect(() => assertSameCustomer('leadId', null, 'c1')).not.toThrow();
    expect(() => assertSameCustomer('contactId', 'c2', 'c1')).toThrow(
      'contactId belongs to another customer',
    );
  });
});
