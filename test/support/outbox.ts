import { OutboxDispatcher, type OutboxDispatcherOptions } from '@sales-graph/shared/outbox/outbox';
import { httpCrmClient } from '../../subgraphs/partners/src/crm/crm.client';
import {
  prmOutboxHandlers,
  type CreateDealFaults,
} from '../../subgraphs/partners/src/registrations/registration-deal.service';
import type { TestGraph } from './graph';

export interface PrmOutboxOptions extends OutboxDispatcherOptions {
  /** Where its CRM client calls: the graph's customers subgraph unless given. */
  crmUrl?: () => string;
  /** Fault seams of the deal-creation handler. */
  faults?: CreateDealFaults;
}

/**
 * A PRM outbox dispatcher (approved registrations → CRM deals) that the test drives itself with
 * `dispatchOnce(now)`, auditing as the one `listen()` starts does. Start the graph with
 * `OUTBOX_POLL_MS=0` so that the graph's own dispatcher stays off.
 */
export function prmOutbox(
  graph: TestGraph,
  { crmUrl = () => graph.customers.url, faults = {}, ...options }: PrmOutboxOptions = {},
): OutboxDispatcher {
  return new OutboxDispatcher(graph.prm, prmOutboxHandlers(graph.prm, httpCrmClient(crmUrl), faults), {
    pollMs: 0,
    actor: { sub: 'service:partners:outbox', role: 'SERVICE' },
    ...options,
  });
}
