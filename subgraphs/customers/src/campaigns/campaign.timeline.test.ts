import { TimelineEntryType, describeTimelineRow, TIMELINE_SUBJECT, timelineSql } from '../timeline';

const touch = (detail: string) => ({
  kind: TimelineEntryType.CAMPAIGN_TOUCH,
  id: `CAMPAIGN_TOUCH:00000000-0000-4000-8000-000000000001:${detail}`,
  source_id: '00000000-0000-4000-8000-000000000001',
  occurred_at: new Date('2026-03-02T09:00:00.000Z'),
  activity_id: null,
  deal_id: null,
  ticket_id: null,
  order_id: null,
  label: 'Spring launch',
  detail,
  extra: 'EMAIL',
});

describe('campaign touches in the timeline', () => {
  it('titles enrolments and responses and needs Campaign read access', () => {
    expect(describeTimelineRow(touch('ENROLLED'))).toEqual({
      title: 'Enrolled in campaign "Spring launch"',
      summary: 'EMAIL campaign',
    });
    expect(describeTimelineRow(touch('RESPONDED')).title).toBe('Responded to campaign "Spring launch"');
    expect(TIMELINE_SUBJECT[TimelineEntryType.CAMPAIGN_TOUCH]).toBe('Campaign');
  });

  it('adds one UNION ALL branch to the one statement, keyset included', () => {
    const sql = timelineSql([TimelineEntryType.ACTIVITY, TimelineEntryType.CAMPAIGN_TOUCH], 11, true);
    // One branch for the entry type, after the activities' branch…
    expect(sql.match(/\) UNION ALL \(SELECT 'CAMPAIGN_TOUCH'/g)).toHaveLength(1);
    // …whose source reads memberships through contacts and through leads (each along its index,
    // never an OR of IN subqueries), in the total and in the page.
    expect(sql.match(/JOIN crm\.campaign_members m ON m\.contact_id = c\.id/g)).toHaveLength(2);
    expect(sql.match(/JOIN crm\.campaign_members m ON m\.lead_id = l\.id/g)).toHaveLength(2);
    expect(sql).not.toMatch(/contact_id IN|lead_id IN/);
    expect(sql).toContain('crm.campaign_members');
    expect(sql).toContain(
      `AND t.at <= $2::timestamptz AND (t.at < $2::timestamptz OR ('CAMPAIGN_TOUCH:' || x.id::text || ':' || t.touch) COLLATE "C" < $3::text COLLATE "C")`,
    );
  });
});
