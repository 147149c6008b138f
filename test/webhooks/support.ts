import type { DataSource } from 'typeorm';
import type { Identity } from '@sales-graph/shared/auth/identity';
import type { WebhookDispatcher } from '../../subgraphs/partners/src/webhooks';
import { must, type TestGraph } from '../support';
import type { Receiver } from './receiver';

/** What the webhook scenarios share: registering an endpoint, its cursors and pending deliveries. */

/** Registers an endpoint for `receiver` (as `identity`, ADMIN by default); the receiver keeps its secret. */
export async function registerEndpoint(
  graph: TestGraph,
  receiver: Receiver,
  eventTypes: string[],
  identity?: Identity,
): Promise<string> {
  const { registerWebhookEndpoint } = await must<{
    registerWebhookEndpoint: { secret: string; endpoint: { id: string } };
  }>(
    graph,
    `mutation($input: RegisterWebhookEndpointInput!) {
      registerWebhookEndpoint(input: $input) { secret endpoint { id } } }`,
    { input: { url: receiver.url, eventTypes } },
    identity,
  );
  receiver.secret = registerWebhookEndpoint.secret;
  return registerWebhookEndpoint.endpoint.id;
}

/** The endpoint's cursor on the PRM's or the CRM's feed (a position, as text). */
export async function endpointCursor(
  graph: TestGraph,
  endpointId: string,
  feed: 'prm' | 'crm',
): Promise<string> {
  const column = feed === 'prm' ? 'cursor_position' : 'crm_cursor_position';
  const [row] = (await graph.prm.query(
    `SELECT ${column}::text AS c FROM prm.webhook_endpoints WHERE id = $1`,
    [endpointId],
  )) as { c: string }[];
  return row.c;
}

/** How many of the endpoint's deliveries are still pending. */
export async function pendingDeliveries(graph: TestGraph, endpointId: string): Promise<number> {
  const [row] = (await graph.prm.query(
    `SELECT count(*)::int AS n FROM prm.webhook_deliveries WHERE endpoint_id = $1 AND status = 'PENDING'`,
    [endpointId],
  )) as { n: number }[];
  return row.n;
}

/** A feed's events of these types after `after`, in feed order, as [position, id, op]. */
export async function feedEvents(
  db: DataSource,
  schema: 'prm' | 'crm',
  types: string[],
  after: string,
): Promise<[string, string, string][]> {
  const rows = (await db.query(
    `SELECT position::text, entity_id, op FROM ${schema}.change_feed
      WHERE entity_type = ANY($2::text[]) AND position > $1::bigint ORDER BY change_feed.position`,
    [after, types],
  )) as { position: string; entity_id: string; op: string }[];
  return rows.map((row) => [row.position, row.entity_id, row.op]);
}

/** Rounds at the instants `next` gives until the endpoint has nothing pending and the feeds nothing new for it. */
export async function drainEndpoint(
  graph: TestGraph,
  dispatcher: WebhookDispatcher,
  endpointId: string,
  next: () => Date,
): Promise<void> {
  for (let round = 0; round < 100; round += 1) {
    const result = await dispatcher.dispatchOnce(next());
    if (result.queued === 0 && (await pendingDeliveries(graph, endpointId)) === 0) return;
  }
  throw new Error('deliveries still pending after 100 rounds');
}
