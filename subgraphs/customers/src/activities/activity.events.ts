import type { Activity } from './activity.entity';

/** What happens to an activity, emitted inside the transaction that did it (`emit<ActivityEvents>`). */
export interface ActivityEvents {
  /** An activity was logged (by a user, or a task created by an automation rule). */
  ActivityLogged: { activity: Activity; by: string };
  /** A task was marked done. */
  ActivityCompleted: { activity: Activity; by: string };
}
