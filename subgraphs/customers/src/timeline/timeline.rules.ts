import type { Subject } from '@sales-graph/shared/auth/permissions';
import { DealStage } from '../deals';
import { TimelineEntryType } from './timeline.entry';

/** The record type a caller must be allowed to read to see entries of each type. */
export const TIMELINE_SUBJECT: Record<TimelineEntryType, Subject> = {
  [TimelineEntryType.ACTIVITY]: 'Activity',
  [TimelineEntryType.DEAL_STAGE_CHANGE]: 'Deal',
  [TimelineEntryType.TICKET_OPENED]: 'Ticket',
  [TimelineEntryType.ORDER_PLACED]: 'Order',
  [TimelineEntryType.CAMPAIGN_TOUCH]: 'Campaign',
};

export const ALL_TIMELINE_TYPES = Object.values(TimelineEntryType);

/** A row of the timeline's UNION: the source's own columns, named the same for every source. */
export interface TimelineRow {
  kind: TimelineEntryType;
  /** The entry's own id: `<TYPE>:<source id>`, plus `:ENROLLED` / `:RESPONDED` for campaign touches. */
  id: string;
  /** The id of the record the entry comes from. */
  source_id: string;
  occurred_at: Date;
  activity_id: string | null;
  deal_id: string | null;
  ticket_id: string | null;
  order_id: string | null;
  label: string | null;
  detail: string | null;
  extra: string | null;
}

const ENTRY_ID_RE = new RegExp(
  `^(${ALL_TIMELINE_TYPES.join('|')}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?::(ENROLLED|RESPONDED))?$`,
);

/** The parts of a timeline entry id, or null when it is not one (a touch only on campaign touches). */
export function parseTimelineEntryId(
  id: string,
): { type: TimelineEntryType; sourceId: string; touch: string | null } | null {
  const match = ENTRY_ID_RE.exec(id);
  if (!match) return null;
  const type = match[1] as TimelineEntryType;
  if ((type === TimelineEntryType.CAMPAIGN_TOUCH) !== (match[3] !== undefined)) return null;
  return { type, sourceId: match[2], touch: match[3] ?? null };
}

const words = (value: string): string => {
  const text = value.toLowerCase().replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** Title and summary of an entry, from its source row. */
export function describeTimelineRow(row: TimelineRow): { title: string; summary: string | null } {
  switch (row.kind) {
    case TimelineEntryType.ACTIVITY:
      return { title: `${words(row.detail ?? 'Activity')}: ${row.label}`, summary: row.extra };
    case TimelineEntryType.DEAL_STAGE_CHANGE: {
      const from = row.detail as DealStage | null;
      const to = row.extra as DealStage;
      const deal = `Deal "${row.label}"`;
      const summary = from ? `${from} → ${to}` : to;
      if (!from) return { title: `${deal} created in ${to}`, summary };
      if (to === DealStage.CLOSED_WON) return { title: `${deal} won`, summary };
      if (to === DealStage.CLOSED_LOST) return { title: `${deal} lost`, summary };
      return { title: `${deal} moved from ${from} to ${to}`, summary };
    }
    case TimelineEntryType.TICKET_OPENED:
      return { title: `Ticket opened: ${row.label}`, summary: `${row.detail} priority` };
    case TimelineEntryType.ORDER_PLACED:
      return { title: `Order ${row.label} placed`, summary: `${row.detail} ${row.extra}` };
    case TimelineEntryType.CAMPAIGN_TOUCH:
      // detail: ENROLLED or RESPONDED; extra: the campaign's channel.
      return {
        title:
          row.detail === 'RESPONDED'
            ? `Responded to campaign "${row.label}"`
            : `Enrolled in campaign "${row.label}"`,
        summary: `${row.extra} campaign`,
      };
  }
}
