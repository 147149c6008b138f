import { IDENTITY_HEADER, serviceIdentity, signForwardedIdentity } from './auth/identity';
import type { SubgraphName } from './config';
import { ServiceUnavailableError } from './errors';
import { logger } from './log';
import { activeTraceHeaders } from './observability/tracing';

/**
 * The one way a subgraph reads another subgraph: over its GraphQL API with a service identity
 * signed for it, never from its tables. A failure is SERVICE_UNAVAILABLE: the caller's input
 * was fine, the answer could not be had.
 */
export async function callSubgraph<T>(
  caller: SubgraphName | 'gateway',
  target: SubgraphName,
  url: string,
  query: string,
  variables: Record<string, unknown>,
  timeoutMs = 5000,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [IDENTITY_HEADER]: await signForwardedIdentity(serviceIdentity(caller), target),
      // With tracing on, the callee's spans join the caller's trace.
      ...activeTraceHeaders(),
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  }).catch(() => undefined);
  const body = response?.ok ? ((await response.json()) as { data?: T; errors?: unknown[] }) : undefined;
  if (!body?.data || body.errors) {
    const how = response === undefined ? 'unreachable or timed out' : `HTTP ${response.status}`;
    logger(caller).error(
      `call to ${target} failed: ${how}`,
      undefined,
      body?.errors ? { errors: body.errors } : {},
    );
    throw new ServiceUnavailableError(`The ${target} service could not be reached; try again`);
  }
  return body.data;
}
