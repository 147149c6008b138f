import type { DataSource } from 'typeorm';
import {
  OutboxDispatcher,
  type OutboxDispatcherOptions,
  type OutboxHandler,
  type OutboxHandlers,
} from '@sales-graph/shared/outbox/outbox';
import type { CrmAttributionChange, CrmClient } from '../crm';

/**
 * The CRM's projection of the PRM's attributions (`crm.partner_attributions`), kept through the
 * PRM's outbox. A trigger on `prm.deal_attributions` / `prm.lead_attributions` (migration
 * PrmAttributionOutbox) enqueues one message per change of an attribution's projected state, in
 * the change's own transaction, whoever writes it; the handler below hands the change to the CRM,
 * which keeps the highest version per (record, role): duplicates and late, older deliveries
 * change nothing. `backfillAttributionProjection` sends every attribution in bulk (seed, scale
 * seed, after a restore); `reconcileAttributionProjection` compares both sides and reports drift.
 * Until its messages are delivered a partner's figures are computed from the ids the PRM sends
 * (`partnersWithPendingAttributions`), so answers never depend on the projection's lag.
 */
export const ATTRIBUTION_TOPIC = 'crm.partnerAttributions';
/** The outbox table of the stream (in the PRM's schema), delivered by `attributionDispatcher`. */
export const ATTRIBUTION_OUTBOX = 'attribution_outbox';

/** What the trigger enqueues. */
export interface AttributionMessage {
  version: number | string;
  attributedAt: string;
  changes: { recordId: string; role: CrmAttributionChange['role']; partnerId: string | null }[];
  /** Every partner the change touches (before and after). */
  partners: string[];
}

const changesOf = (payload: AttributionMessage): CrmAttributionChange[] =>
  payload.changes.map((change) => ({
    recordId: change.recordId,
    role: change.role,
    partnerId: change.partnerId,
    version: String(payload.version),
    attributedAt: new Date(payload.attributedAt).toISOString(),
  }));

/** Delivers ATTRIBUTION_TOPIC: one CRM call; idempotent by (record, role, version) there. */
export function attributionHandler(crm: CrmClient): OutboxHandler {
  return async (message) => {
    await crm.applyAttributions(changesOf(message.payload as unknown as AttributionMessage));
  };
}

export const attributionOutboxHandlers = (crm: CrmClient): OutboxHandlers => ({
  [ATTRIBUTION_TOPIC]: attributionHandler(crm),
});

/**
 * The dispatcher of `prm.attribution_outbox` (the PRM process runs one beside its main outbox's;
 * tests drive one with `pollMs: 0` and `dispatchOnce(now)`). Its target is the CRM: the CRM's
 * readiness probe makes waiting deliveries due when it answers again.
 */
export const attributionDispatcher = (
  dataSource: DataSource,
  crm: CrmClient,
  options: OutboxDispatcherOptions = {},
): OutboxDispatcher =>
  new OutboxDispatcher(dataSource, attributionOutboxHandlers(crm), {
    actor: { sub: 'service:partners:attributions', role: 'SERVICE' },
    batchSize: 100,
    ...(crm.ready ? { probes: { crm: () => crm.ready!() } } : {}),
    ...options,
    table: ATTRIBUTION_OUTBOX,
  });

/**
 * Of these partners, those with attribution changes the CRM has not applied yet (undelivered
 * messages, dead letters included): one statement (`attribution_outbox_pending_idx`).
 */
export async function partnersWithPendingAttributions(
  dataSource: Pick<DataSource, 'query'>,
  partnerIds: readonly string[],
): Promise<Set<string>> {
  if (partnerIds.length === 0) return new Set();
  const rows: { partner_id: string }[] = await dataSource.query(
    `SELECT DISTINCT p.partner_id FROM prm.${ATTRIBUTION_OUTBOX} o
     CROSS JOIN LATERAL jsonb_array_elements_text(o.payload -> 'partners') AS p(partner_id)
     WHERE o.delivered_at IS NULL
       AND (o.payload -> 'partners') ?| $1::text[] AND p.partner_id = ANY($1::text[])`,
    [partnerIds],
  );
  return new Set(rows.map((row) => row.partner_id));
}

interface AttributionRow {
  id: string;
  kind: 'deal' | 'lead';
  record_id: string;
  partner_id: string | null;
  referred_by_partner_id: string | null;
  live: boolean;
  version: string;
  at: Date;
}

/**
 * Rows of both attribution tables in id order after `after`: live ones, and removed ones whose
 * record has no live attribution (as removals).
 */
async function attributionPage(prm: DataSource, after: string, size: number): Promise<AttributionRow[]> {
  return prm.query(
    `SELECT * FROM (
       (SELECT id, 'deal' AS kind, deal_id AS record_id, partner_id, NULL::uuid AS referred_by_partner_id,
               deleted_at IS NULL AS live, projection_version::text AS version, updated_at AS at
        FROM prm.deal_attributions d WHERE id > $1 AND (deleted_at IS NULL OR NOT EXISTS (
          SELECT 1 FROM prm.deal_attributions x WHERE x.deal_id = d.deal_id AND x.deleted_at IS NULL))
        ORDER BY id LIMIT $2)
       UNION ALL
       (SELECT id, 'lead', lead_id, assigned_partner_id, referred_by_partner_id,
               deleted_at IS NULL, projection_version::text, updated_at
        FROM prm.lead_attributions l WHERE id > $1 AND (deleted_at IS NULL OR NOT EXISTS (
          SELECT 1 FROM prm.lead_attributions x WHERE x.lead_id = l.lead_id AND x.deleted_at IS NULL))
        ORDER BY id LIMIT $2)) r
     ORDER BY id LIMIT $2`,
    [after, size],
  );
}

/** What the projection should hold for one PRM attribution row. */
function expectedChanges(row: AttributionRow): CrmAttributionChange[] {
  const at = new Date(row.at).toISOString();
  const change = (role: CrmAttributionChange['role'], partnerId: string | null): CrmAttributionChange => ({
    recordId: row.record_id,
    role,
    partnerId: row.live ? partnerId : null,
    version: row.version,
    attributedAt: at,
  });
  return row.kind === 'deal'
    ? [change('SOURCED', row.partner_id)]
    : [change('ASSIGNED', row.partner_id), change('REFERRED', row.referred_by_partner_id)];
}

const ZERO_ID = '00000000-0000-0000-0000-000000000000';

export interface BackfillResult {
  rows: number;
  changed: number;
  /** Outbox messages the backfill made redundant (marked delivered). */
  settled: number;
}

/**
 * Sends every PRM attribution (removed ones as removals) to the CRM's projection at its current
 * version, in pages of `pageSize` rows, one `apply` per page, then marks delivered the outbox
 * messages it made redundant (those of each row's current version). Idempotent: a second run
 * changes nothing; never undoes a newer change (the CRM keeps the highest version). `apply` is
 * the CRM's API (`crm.applyAttributions`) or, in the seed, the CRM's own function on its database.
 */
export async function backfillAttributionProjection(
  prm: DataSource,
  apply: (changes: CrmAttributionChange[]) => Promise<number>,
  pageSize = 2_000,
): Promise<BackfillResult> {
  const result: BackfillResult = { rows: 0, changed: 0, settled: 0 };
  for (let after = ZERO_ID; ;) {
    const page = await attributionPage(prm, after, pageSize);
    if (page.length === 0) return result;
    result.rows += page.length;
    result.changed += await apply(page.flatMap(expectedChanges));
    const [, settled] = (await prm.query(
      `UPDATE prm.${ATTRIBUTION_OUTBOX} SET delivered_at = now(), last_error = NULL, dead_at = NULL
       WHERE idempotency_key = ANY($1::text[]) AND delivered_at IS NULL`,
      [page.map((row) => `attribution:${row.id}:${row.version}`)],
    )) as [unknown, number];
    result.settled += settled;
    after = page[page.length - 1].id;
  }
}

export interface DriftReport {
  /** PRM attribution rows read. */
  checked: number;
  /** (record, role) pairs whose CRM partner differs from the PRM's (missing rows included). */
  mismatched: number;
  /** CRM rows with a partner that no PRM attribution accounts for. */
  extra: number;
  /** mismatched + extra: 0 when both sides agree. */
  drift: number;
  /** Up to 20 of the mismatches. */
  samples: { recordId: string; role: string; prm: string | null; crm: string | null }[];
}

/**
 * Compares the PRM's attributions with the CRM's projection, page by page (one CRM read per
 * page), and reports the drift (expected 0). Run it while no attribution messages are pending
 * (`outboxBacklog`), or a change in flight counts as drift. The repair is the backfill.
 */
export async function reconcileAttributionProjection(
  prm: DataSource,
  crm: Pick<CrmClient, 'attributionSnapshot'>,
  pageSize = 2_000,
): Promise<DriftReport> {
  const report: DriftReport = { checked: 0, mismatched: 0, extra: 0, drift: 0, samples: [] };
  /** CRM rows with a partner that a PRM attribution accounts for (matching or not). */
  let accounted = 0;
  let crmAttributed = 0;
  for (let after = ZERO_ID; ;) {
    const page = await attributionPage(prm, after, pageSize);
    if (page.length === 0) break;
    report.checked += page.length;
    const expected = new Map<string, string | null>();
    for (const change of page.flatMap(expectedChanges)) {
      const key = `${change.recordId}|${change.role}`;
      if (!expected.get(key)) expected.set(key, change.partnerId);
    }
    const snapshot = await crm.attributionSnapshot([...new Set(page.map((row) => row.record_id))]);
    crmAttributed = snapshot.attributed;
    const actual = new Map(snapshot.rows.map((row) => [`${row.recordId}|${row.role}`, row.partnerId]));
    for (const [key, partnerId] of expected) {
      const have = actual.get(key) ?? null;
      if (have) accounted += 1;
      if (have === partnerId) continue;
      report.mismatched += 1;
      const [recordId, role] = key.split('|');
      if (report.samples.length < 20) report.samples.push({ recordId, role, prm: partnerId, crm: have });
    }
    after = page[page.length - 1].id;
  }
  if (report.checked === 0) crmAttributed = (await crm.attributionSnapshot([])).attributed;
  report.extra = Math.max(0, crmAttributed - accounted);
  report.drift = report.mismatched + report.extra;
  return report;
}
