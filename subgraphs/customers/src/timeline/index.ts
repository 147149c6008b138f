export { TimelineEntry, TimelineEntryType } from './timeline.entry';
export { TIMELINE_SUBJECT, describeTimelineRow } from './timeline.rules';
export { timelineSql } from './timeline.service';
