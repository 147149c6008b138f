import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { DataSource, EntityManager } from 'typeorm';
import { intFromEnv } from '@sales-graph/shared/config';
import { CursorExpiredError } from '@sales-graph/shared/errors';
import { logger } from '@sales-graph/shared/log';
import { errorText } from '@sales-graph/shared/outbox/outbox.rules';
import { PeriodicRounds, systemClock, type Timer } from '@sales-graph/shared/rounds';
import {
  DEFAULT_DISABLE_POLICY,
  disableReason,
  nextRetryAt,
  retryScheduleFromEnv,
  type DisablePolicy,
} from '@sales-graph/shared/webhooks/rules';
import { sendWebhook, type SendOutcome } from '@sales-graph/shared/webhooks/send';
import { signedHeaders } from '@sales-graph/shared/webhooks/signature';
import { allowedHostsFromEnv, type TargetPolicy } from '@sales-graph/shared/webhooks/ssrf';
import { KEY_PARTNER_STATUSES } from '../api-keys';
import type { CrmClient } from '../crm';
import { livePartnerStatusSql } from '../partners';
import { readPrmFeed, type ReadFeed } from './feed-source';
import {
  audienceView,
  crmDeliveryPayload,
  crmEventType,
  crmFeedTypes,
  deliveryPayload,
} from './webhook.rules';

const log = logger('webhooks');

/**
 * Delivers the PRM's change feed to the webhook endpoints. Each round (`dispatchOnce(now)`), for
 * every active endpoint that no other dispatcher holds (a lease on the endpoint row):
 * 1. its cursor reads the next feed events (below the commit horizon, in position order); those the
 *    endpoint may receive (`audienceView`) become delivery rows, and the cursor moves past them, in
 *    one transaction (one row per endpoint and position: an event is queued once, never skipped);
 * 2. its pending deliveries are sent in position order, each signed (Standard Webhooks); the first
 *    one that fails waits for its next attempt (schedule + jitter) and holds back the later ones,
 *    so the endpoint receives events in order; once its schedule is exhausted it is a dead letter
 *    (replayable) and the next one goes. Too many dead letters in a row, or failing for days, and
 *    the endpoint is disabled with the reason.
 * CRM events: an endpoint subscribed to `crm.…` types has a second cursor, on the CRM's feed,
 * read through the CRM's SERVICE-only `crmChangesForWebhooks` (one call per endpoint and round,
 * scoped by the CRM as the endpoint's partner's crmChanges); its deliveries are queued and that
 * cursor moved in one PRM transaction. While the CRM does not answer, CRM events wait (the cursor
 * stays) and the PRM's still flow.
 * The writers' transactions do nothing for webhooks: the feeds are the only input.
 */
export interface WebhookDispatcherOptions {
  /** Between rounds (WEBHOOK_POLL_MS, default 1000); 0 = no timer (tests call dispatchOnce). */
  pollMs?: number;
  /** Seconds to wait after each failed attempt (WEBHOOK_RETRY_SCHEDULE). */
  schedule?: readonly number[];
  /** Per request (WEBHOOK_TIMEOUT_MS, default 10000). */
  timeoutMs?: number;
  /** Host names or addresses reachable although private (WEBHOOK_ALLOWED_HOSTS). */
  allowedHosts?: readonly string[];
  resolve?: TargetPolicy['resolve'];
  disable?: DisablePolicy;
  /** Feed events read per endpoint and round (default 500). */
  batchSize?: number;
  /** Deliveries sent per endpoint and round at most (default 500). */
  sendsPerRound?: number;
  /** Endpoints served at once (default 8). */
  concurrency?: number;
  /** How long an endpoint's lease holds (default 5 min): a dispatcher that dies frees it then. */
  leaseMs?: number;
  random?: () => number;
  readFeed?: ReadFeed;
  /** The CRM's API (its change feed for `crm.…` event types); none: CRM events wait. */
  crm?: Pick<CrmClient, 'webhookChanges'>;
  /** The clock of the poll rounds (tests inject theirs through dispatchOnce). */
  clock?: () => Date;
  /** The timer of the poll rounds (`PeriodicRounds`; tests: `manualTimer()`). */
  timer?: Timer;
}

export interface RoundResult {
  endpoints: number;
  queued: number;
  delivered: number;
  failed: number;
  dead: number;
  disabled: number;
  /** A limit was reached with more waiting: the next round starts at once. */
  more: boolean;
}

interface EndpointRow {
  id: string;
  url: string;
  event_types: string[];
  partner_id: string | null;
  signing_secret: string | null;
  cursor_position: string;
  crm_cursor_position: string;
  partner_status: string | null;
  consecutive_dead_letters: number;
  failing_since: Date | null;
}

interface DeliveryRow {
  id: string;
  attempts: number;
  next_attempt_at: Date;
  payload: Record<string, unknown>;
}

export class WebhookDispatcher {
  private readonly options: Required<Omit<WebhookDispatcherOptions, 'resolve' | 'crm' | 'timer'>> &
    Pick<WebhookDispatcherOptions, 'resolve' | 'crm'>;
  /** The poll loop: a round, then `pollMs`, or at once when the round stopped at a limit. */
  private readonly rounds: PeriodicRounds<RoundResult>;
  private readonly agents = {
    http: new HttpAgent({ keepAlive: true }),
    https: new HttpsAgent({ keepAlive: true }),
  };

  constructor(
    private readonly dataSource: DataSource,
    options: WebhookDispatcherOptions = {},
  ) {
    this.options = {
      pollMs: options.pollMs ?? intFromEnv('WEBHOOK_POLL_MS', 1_000),
      schedule: options.schedule ?? retryScheduleFromEnv(),
      timeoutMs: options.timeoutMs ?? intFromEnv('WEBHOOK_TIMEOUT_MS', 10_000),
      allowedHosts: options.allowedHosts ?? allowedHostsFromEnv(),
      resolve: options.resolve,
      disable: options.disable ?? {
        deadLetters: intFromEnv('WEBHOOK_DISABLE_AFTER_DEAD_LETTERS', DEFAULT_DISABLE_POLICY.deadLetters),
        failingDays: intFromEnv('WEBHOOK_DISABLE_AFTER_DAYS', DEFAULT_DISABLE_POLICY.failingDays),
      },
      batchSize: options.batchSize ?? 500,
      sendsPerRound: options.sendsPerRound ?? 500,
      concurrency: options.concurrency ?? 8,
      leaseMs: options.leaseMs ?? 300_000,
      random: options.random ?? Math.random,
      readFeed: options.readFeed ?? readPrmFeed,
      crm: options.crm,
      clock: options.clock ?? systemClock,
    };
    this.rounds = new PeriodicRounds(() => this.dispatchOnce(this.options.clock()), {
      intervalMs: this.options.pollMs,
      timer: options.timer,
      onError: (error) => log.error('round failed', errorText(error)),
      again: (result) => result.more,
    });
  }

  /** Starts polling (unless the poll interval is 0). */
  start(): void {
    this.rounds.start();
  }

  /** Stops polling, waits for the round in progress, and closes the kept-alive connections. */
  async stop(): Promise<void> {
    await this.rounds.stop();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** Whether polling is on. */
  get running(): boolean {
    return this.rounds.running;
  }

  /** The result of the next round polling starts (see PeriodicRounds.nextRound). */
  nextRound(): Promise<RoundResult> {
    return this.rounds.nextRound();
  }

  /** One round over every endpoint due, at `now`. */
  async dispatchOnce(now: Date = this.options.clock()): Promise<RoundResult> {
    const result: RoundResult = {
      endpoints: 0,
      queued: 0,
      delivered: 0,
      failed: 0,
      dead: 0,
      disabled: 0,
      more: false,
    };
    const endpoints = await this.claim(now);
    result.endpoints = endpoints.length;
    const queue = [...endpoints];
    const worker = async () => {
      for (let endpoint = queue.shift(); endpoint; endpoint = queue.shift()) {
        try {
          await this.serve(endpoint, now, result);
        } catch (error) {
          log.error(`endpoint ${endpoint.id} failed`, errorText(error));
        } finally {
          await this.dataSource.query(`UPDATE prm.webhook_endpoints SET leased_until = NULL WHERE id = $1`, [
            endpoint.id,
          ]);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, endpoints.length) }, worker));
    return result;
  }

  /**
   * Leases every active endpoint no one holds, whose partner may still use integrations (its live
   * status, the partners module's SQL piece), in one statement.
   */
  private async claim(now: Date): Promise<EndpointRow[]> {
    return this.dataSource
      .query(
        `UPDATE prm.webhook_endpoints e SET leased_until = $2
        WHERE e.id IN (
          SELECT w.id FROM prm.webhook_endpoints w
           WHERE w.active AND w.deleted_at IS NULL AND w.signing_secret IS NOT NULL
             AND (w.leased_until IS NULL OR w.leased_until <= $1)
             AND (w.partner_id IS NULL OR ${livePartnerStatusSql('w.partner_id')} = ANY($3::text[]))
           ORDER BY w.id FOR UPDATE OF w SKIP LOCKED)
        RETURNING e.id, e.url, e.event_types, e.partner_id, e.signing_secret, e.cursor_position::text,
                  e.crm_cursor_position::text, e.consecutive_dead_letters, e.failing_since,
                  ${livePartnerStatusSql('e.partner_id')} AS partner_status`,
        [now, new Date(now.getTime() + this.options.leaseMs), [...KEY_PARTNER_STATUSES]],
      )
      .then((rows: [EndpointRow[], number] | EndpointRow[]) =>
        Array.isArray(rows[0]) ? (rows[0] as EndpointRow[]) : (rows as EndpointRow[]),
      );
  }

  private async serve(endpoint: EndpointRow, now: Date, result: RoundResult): Promise<void> {
    try {
      result.queued += await this.enqueue(endpoint, now, result);
      result.queued += await this.enqueueCrm(endpoint, now, result);
    } catch (error) {
      if (!(error instanceof CursorExpiredError)) throw error;
      // Retention purged events it never got (it was inactive longer than the feed keeps them).
      await this.disable(
        endpoint.id,
        'its events were purged from the change feed before delivery (retention)',
        now,
        result,
      );
      return;
    }
    const state = { deadLetters: endpoint.consecutive_dead_letters, failingSince: endpoint.failing_since };
    let lastSuccess: Date | null = null;
    let endedInSuccess = false;
    let queue: DeliveryRow[] = [];
    // Successes are recorded a page at a time: a crash before that sends them again (at least once).
    let delivered: { id: string; attempts: number; status: number | null }[] = [];
    const flush = async () => {
      if (delivered.length === 0) return;
      const rows = delivered;
      delivered = [];
      await this.dataSource.query(
        `UPDATE prm.webhook_deliveries d SET status = 'DELIVERED', attempts = r.attempts, last_attempt_at = $2,
                delivered_at = $2, next_attempt_at = NULL, response_status = r.status, last_error = NULL, updated_at = $2
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, attempts int, status int)
          WHERE d.id = r.id`,
        [JSON.stringify(rows), now],
      );
    };
    try {
      for (let sent = 0; sent < this.options.sendsPerRound; sent += 1) {
        // Its pending deliveries, in feed order, a page at a time (the page before it recorded).
        if (queue.length === 0) await flush();
        if (queue.length === 0)
          queue = (await this.dataSource.query(
            `SELECT id, attempts, next_attempt_at, payload FROM prm.webhook_deliveries
              WHERE endpoint_id = $1 AND status = 'PENDING' ORDER BY feed_position, feed LIMIT $2`,
            [endpoint.id, Math.min(100, this.options.sendsPerRound - sent)],
          )) as DeliveryRow[];
        const delivery = queue.shift();
        if (!delivery || new Date(delivery.next_attempt_at).getTime() > now.getTime()) return;
        if (sent === this.options.sendsPerRound - 1) result.more = true;
        const outcome = await this.send(endpoint, delivery, now);
        const attempts = delivery.attempts + 1;
        if (outcome.ok) {
          delivered.push({ id: delivery.id, attempts, status: outcome.status });
          state.deadLetters = 0;
          state.failingSince = null;
          lastSuccess = now;
          endedInSuccess = true;
          result.delivered += 1;
          continue;
        }
        endedInSuccess = false;
        await flush();
        if (await this.failed(endpoint, delivery, attempts, outcome, state, now, result)) return;
      }
    } finally {
      await flush();
      // The endpoint's success state, once per round (a failure after it wrote its own).
      if (lastSuccess)
        await this.dataSource.query(
          endedInSuccess
            ? `UPDATE prm.webhook_endpoints SET last_success_at = $2, failing_since = NULL, consecutive_dead_letters = 0 WHERE id = $1`
            : `UPDATE prm.webhook_endpoints SET last_success_at = $2 WHERE id = $1`,
          [endpoint.id, lastSuccess],
        );
    }
  }

  /** Records a failed attempt; true when the endpoint's round ends here (it waits, or is disabled). */
  private async failed(
    endpoint: EndpointRow,
    delivery: DeliveryRow,
    attempts: number,
    outcome: SendOutcome,
    state: { deadLetters: number; failingSince: Date | null },
    now: Date,
    result: RoundResult,
  ): Promise<boolean> {
    result.failed += 1;
    const next = nextRetryAt(now, attempts, this.options.schedule, this.options.random);
    state.failingSince ??= now;
    if (next) {
      await this.dataSource.transaction(async (manager) => {
        await this.recordFailure(
          manager,
          delivery.id,
          attempts,
          now,
          outcome,
          `status = 'PENDING', next_attempt_at = $6`,
          next,
        );
        await manager.query(
          `UPDATE prm.webhook_endpoints SET failing_since = $2, consecutive_dead_letters = $3 WHERE id = $1`,
          [endpoint.id, state.failingSince, state.deadLetters],
        );
      });
      await this.disableIfFailing(endpoint.id, state, now, result);
      return true;
    }
    // The schedule is exhausted: a dead letter; the endpoint's next delivery goes next.
    state.deadLetters += 1;
    result.dead += 1;
    await this.dataSource.transaction(async (manager) => {
      await this.recordFailure(
        manager,
        delivery.id,
        attempts,
        now,
        outcome,
        `status = 'DEAD', next_attempt_at = NULL, dead_at = $6`,
        now,
      );
      await manager.query(
        `UPDATE prm.webhook_endpoints SET failing_since = $2, consecutive_dead_letters = $3 WHERE id = $1`,
        [endpoint.id, state.failingSince, state.deadLetters],
      );
    });
    return this.disableIfFailing(endpoint.id, state, now, result);
  }

  private recordFailure(
    manager: EntityManager,
    id: string,
    attempts: number,
    now: Date,
    outcome: SendOutcome,
    set: string,
    at: Date,
  ) {
    return manager.query(
      `UPDATE prm.webhook_deliveries SET ${set}, attempts = $2, last_attempt_at = $3, response_status = $4,
              last_error = $5, updated_at = $3 WHERE id = $1`,
      [id, attempts, now, outcome.status, outcome.error?.slice(0, 1000) ?? 'failed', at],
    );
  }

  private async disableIfFailing(
    endpointId: string,
    state: { deadLetters: number; failingSince: Date | null },
    now: Date,
    result: RoundResult,
  ): Promise<boolean> {
    const reason = disableReason(
      { consecutiveDeadLetters: state.deadLetters, failingSince: state.failingSince },
      now,
      this.options.disable,
    );
    if (!reason) return false;
    await this.disable(endpointId, reason, now, result);
    return true;
  }

  private async disable(endpointId: string, reason: string, now: Date, result: RoundResult): Promise<void> {
    await this.dataSource.query(
      `UPDATE prm.webhook_endpoints SET active = false, disabled_reason = $2, disabled_at = $3 WHERE id = $1`,
      [endpointId, reason, now],
    );
    log.warn(`endpoint ${endpointId} disabled: ${reason}`);
    result.disabled += 1;
  }

  /** Turns the next feed events into this endpoint's deliveries and moves its cursor past them. */
  private async enqueue(endpoint: EndpointRow, now: Date, result: RoundResult): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const events = await this.options.readFeed(manager, endpoint.cursor_position, this.options.batchSize);
      if (events.length === 0) return 0;
      const rows = events.flatMap((event) => {
        const view = audienceView(
          { eventTypes: endpoint.event_types, partnerId: endpoint.partner_id },
          event,
        );
        return view
          ? [
              {
                position: event.position,
                type: view.type,
                id: event.entityId,
                payload: deliveryPayload(event, view),
              },
            ]
          : [];
      });
      if (rows.length > 0)
        await manager.query(
          `INSERT INTO prm.webhook_deliveries (endpoint_id, partner_id, feed_position, event_type, record_id,
                  status, next_attempt_at, payload)
           SELECT $1, $2, r.position, r.type, r.id, 'PENDING', $4, r.payload
             FROM jsonb_to_recordset($3::jsonb) AS r(position bigint, type text, id text, payload jsonb)
           ON CONFLICT (endpoint_id, feed, feed_position) DO NOTHING`,
          [endpoint.id, endpoint.partner_id, JSON.stringify(rows), now],
        );
      if (events.length === this.options.batchSize) result.more = true;
      const last = events[events.length - 1].position;
      await manager.query(
        `UPDATE prm.webhook_endpoints SET cursor_position = $2::bigint WHERE id = $1 AND cursor_position < $2::bigint`,
        [endpoint.id, last],
      );
      endpoint.cursor_position = last;
      return rows.length;
    });
  }

  /**
   * The CRM's next events for this endpoint (one call to the CRM, scoped there as its partner),
   * queued as deliveries with its CRM cursor moved past them in one transaction. The CRM not
   * answering leaves the cursor where it is: those events wait for a later round, nothing is lost.
   */
  private async enqueueCrm(endpoint: EndpointRow, now: Date, result: RoundResult): Promise<number> {
    const types = crmFeedTypes(endpoint.event_types);
    if (types.length === 0) return 0;
    const crm = this.options.crm;
    if (!crm?.webhookChanges) return 0;
    let answer;
    try {
      answer = await crm.webhookChanges({
        after: endpoint.crm_cursor_position,
        types,
        limit: this.options.batchSize,
        partnerId: endpoint.partner_id,
        partnerStatus: endpoint.partner_status,
      });
    } catch (error) {
      log.warn(`endpoint ${endpoint.id}: CRM events wait (the CRM did not answer)`, errorText(error));
      return 0;
    }
    if (answer.expired) throw new CursorExpiredError();
    // Its partner may no longer read a type (grants changed): nothing of it is sent; the rest waits.
    if (answer.denied.length > 0) {
      log.warn(`endpoint ${endpoint.id}: its partner may not read ${answer.denied.join(', ')}`);
      return 0;
    }
    const after = BigInt(endpoint.crm_cursor_position);
    const events = answer.changes.filter((event) => BigInt(event.position) > after);
    const rows = events.flatMap((event) => {
      const type = crmEventType(endpoint.event_types, event);
      return type
        ? [{ position: event.position, type, id: event.id, payload: crmDeliveryPayload(event, type) }]
        : [];
    });
    const through = answer.through ?? events.at(-1)?.position ?? null;
    if (through === null || BigInt(through) <= after) return 0;
    if (answer.changes.length >= this.options.batchSize) result.more = true;
    return this.dataSource.transaction(async (manager) => {
      // Compare and set: only from the position read (a lease that ran out cannot queue twice).
      const [, moved] = (await manager.query(
        `UPDATE prm.webhook_endpoints SET crm_cursor_position = $3::bigint
          WHERE id = $1 AND crm_cursor_position = $2::bigint`,
        [endpoint.id, endpoint.crm_cursor_position, through],
      )) as [unknown, number];
      if (moved !== 1) return 0;
      if (rows.length > 0)
        await manager.query(
          `INSERT INTO prm.webhook_deliveries (endpoint_id, partner_id, feed, feed_position, event_type, record_id,
                  status, next_attempt_at, payload)
           SELECT $1, $2, 'crm', r.position, r.type, r.id, 'PENDING', $4, r.payload
             FROM jsonb_to_recordset($3::jsonb) AS r(position bigint, type text, id text, payload jsonb)
           ON CONFLICT (endpoint_id, feed, feed_position) DO NOTHING`,
          [endpoint.id, endpoint.partner_id, JSON.stringify(rows), now],
        );
      endpoint.crm_cursor_position = through;
      return rows.length;
    });
  }

  private async send(endpoint: EndpointRow, delivery: DeliveryRow, now: Date): Promise<SendOutcome> {
    const body = JSON.stringify(delivery.payload);
    const headers = signedHeaders(
      endpoint.signing_secret!,
      delivery.id,
      Math.floor(now.getTime() / 1000),
      body,
    );
    return sendWebhook(endpoint.url, headers, body, {
      timeoutMs: this.options.timeoutMs,
      allowedHosts: this.options.allowedHosts,
      resolve: this.options.resolve,
      agent: endpoint.url.startsWith('https:') ? this.agents.https : this.agents.http,
    });
  }
}

export const webhookDispatcher = (dataSource: DataSource, options: WebhookDispatcherOptions = {}) =>
  new WebhookDispatcher(dataSource, options);
