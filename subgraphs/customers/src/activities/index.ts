export { DEMO_NOW } from './activities.seed';
export { Activity, ActivityType } from './activity.entity';
export type { ActivityEvents } from './activity.events';
export { CLOCK_SKEW_MS, assertSameCustomer } from './activity.rules';
export { findActivity, insertActivity, leadActivityCounts } from './activity.service';
export { ACTIVITY_OWNERSHIP } from './activity.ownership';
export { activityTimelineSource } from './activity.timeline';
export { doneActivitiesOfCustomersSql } from './activity.sql';
