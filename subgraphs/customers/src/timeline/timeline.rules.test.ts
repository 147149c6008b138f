import { TimelineEntryType } from './timeline.entry';
import { describeTimelineRow, parseTimelineEntryId, type TimelineRow } from './timeline.rules';
import { param, toQuery } from '@sales-graph/shared/db/sql';
import { timelineSql, timelineStatement } from './timeline.service';

const row = (overrides: Partial<TimelineRow>): TimelineRow => ({
  kind: TimelineEntryType.ACTIVITY,
  id: 'ACTIVITY:00000000-0000-4000-8000-000000000001',
  source_id: '00000000-0000-4000-8000-000000000001',
  occurred_at: new Date('2026-03-02T09:00:00.000Z'),
  activity_id: null,
  deal_id: null,
  ticket_id: null,
  order_id: null,
  label: null,
  detail: null,
  extra: null,
  ...overrides,
});

describe('describeTimelineRow', () => {
  it('titles an activity by its type and subject', () => {
    expect(describeTimelineRow(row({ label: 'Kick-off', detail: 'MEETING', extra: 'Agenda' }))).toEqual({
      title: 'Meeting: Kick-off',
      summary: 'Agenda',
    });
  });

  it('tells a deal created, moved, won and lost apart', () => {
    const change = (from: string | null, to: string) =>
      describeTimelineRow(
        row({ kind: TimelineEntryType.DEAL_STAGE_CHANGE, label: 'Renewal', detail: from, extra: to }),
      );
    expect(change(null, 'PROSPECTING')).toEqual({
      title: 'Deal "Renewal" created in PROSPECTING',
      summary: 'PROSPECTING',
    });
    expect(change('PROPOSAL', 'NEGOTIATION')).toEqual({
      title: 'Deal "Renewal" moved from PROPOSAL to NEGOTIATION',
      summary: 'PROPOSAL → NEGOTIATION',
    });
    expect(change('NEGOTIATION', 'CLOSED_WON').title).toBe('Deal "Renewal" won');
    expect(change('NEGOTIATION', 'CLOSED_LOST').title).toBe('Deal "Renewal" lost');
  });

  it('titles tickets and orders', () => {
    expect(
      describeTimelineRow(
        row({ kind: TimelineEntryType.TICKET_OPENED, label: 'Login fails', detail: 'URGENT' }),
      ),
    ).toEqual({ title: 'Ticket opened: Login fails', summary: 'URGENT priority' });
    expect(
      describeTimelineRow(
        row({ kind: TimelineEntryType.ORDER_PLACED, label: 'SO-000001', detail: '1234.50', extra: 'EUR' }),
      ),
    ).toEqual({ title: 'Order SO-000001 placed', summary: '1234.50 EUR' });
  });
});

describe('parseTimelineEntryId', () => {
  const id = '00000000-0000-4000-8000-00000000000a';
  it('reads the type, the source id and the touch', () => {
    expect(parseTimelineEntryId(`ORDER_PLACED:${id}`)).toEqual({
      type: TimelineEntryType.ORDER_PLACED,
      sourceId: id,
      touch: null,
    });
    expect(parseTimelineEntryId(`CAMPAIGN_TOUCH:${id}:RESPONDED`)).toEqual({
      type: TimelineEntryType.CAMPAIGN_TOUCH,
      sourceId: id,
      touch: 'RESPONDED',
    });
  });

  it('refuses anything else', () => {
    for (const bad of [
      id,
      `ACTIVITY:${id}:ENROLLED`,
      `CAMPAIGN_TOUCH:${id}`,
      `NOPE:${id}`,
      `ACTIVITY:${id}x`,
    ]) {
      expect(parseTimelineEntryId(bad)).toBeNull();
    }
  });
});

describe('timelineSql', () => {
  it('is one statement with one UNION ALL branch per requested type', () => {
    const sql = timelineSql([TimelineEntryType.ACTIVITY, TimelineEntryType.ORDER_PLACED], 11, true);
    expect(sql.match(/UNION ALL/g)).toHaveLength(1);
    expect(sql).toContain('crm.activities');
    expect(sql).toContain('crm.orders');
    expect(sql).not.toContain('crm.tickets');
    expect(sql.match(/LIMIT 11/g)).toHaveLength(3);
    expect(sql.match(/COLLATE "C" < \$3::text COLLATE "C"/g)).toHaveLength(2);
    expect(sql).toContain(`('ACTIVITY:' || x.id::text)`);
  });

  it("gives a campaign membership's two touches distinct ids", () => {
    const sql = timelineSql([TimelineEntryType.CAMPAIGN_TOUCH], 5, true);
    expect(sql).toContain(`('CAMPAIGN_TOUCH:' || x.id::text || ':' || t.touch)`);
    expect(sql).toContain('ORDER BY t.at DESC, x.id DESC, t.touch DESC');
  });

  it('has no keyset condition on the first page', () => {
    expect(timelineSql([TimelineEntryType.TICKET_OPENED], 5, false)).not.toContain('$2');
  });

  it('binds the customer ids and the cursor once each, however many branches use them', () => {
    const ids = ['00000000-0000-4000-8000-000000000001'];
    const after = { at: '2026-03-02T09:00:00.000Z', id: 'ACTIVITY:00000000-0000-4000-8000-000000000002' };
    const types = Object.values(TimelineEntryType);
    const { text, parameters } = toQuery(
      timelineStatement(types, 21, param(ids), { at: param(after.at), id: param(after.id) }),
    );
    expect(parameters).toEqual([ids, after.at, after.id]);
    expect(text).toBe(timelineSql(types, 21, true));
    // Every branch's keyset reads the same two placeholders; nothing else is bound.
    expect(text.match(/\$3::text/g)).toHaveLength(types.length);
    expect(text).not.toMatch(/\$4/);
  });
});
