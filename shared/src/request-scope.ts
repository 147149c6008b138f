import { AsyncLocalStorage } from 'node:async_hooks';

/** What is known about the HTTP request being served, wherever its work continues. */
export interface RequestScope {
  requestId: string;
  /** Who is asking, once the service has verified it (the audit log records it). */
  actor?: { sub: string; role: string };
  /** Work no client request waits for (a background job); statement counts leave it out. */
  background?: boolean;
  /** The service serving it (`gateway`, `customers`, `partners`): log lines and spans name it. */
  service?: string;
  /** The operation's metric label, once the document resolved (`observability/plugin.ts`). */
  operation?: string;
  /** `ok`, `partial` (data and errors) or `error`, as the answer went out. */
  outcome?: 'ok' | 'partial' | 'error';
  /** `extensions.code` of every error the answer carried. */
  errorCodes?: string[];
}

/** The one AsyncLocalStorage of a request (log lines, audit, statement counts read it). */
const requestScope = new AsyncLocalStorage<RequestScope>();

/** The request being served, or undefined outside one (migrations, seeds). */
export const currentRequest = (): RequestScope | undefined => requestScope.getStore();

/** Runs `work` as (part of) the request `scope`. */
export const runInScope = <T>(scope: RequestScope, work: () => T): T => requestScope.run(scope, work);

/**
 * Runs work that no HTTP request carries (a background job such as the outbox dispatcher) under
 * a scope of its own, so that its writes are audited as `scope.actor`.
 */
export const runAsActor = <T>(scope: RequestScope, work: () => Promise<T>): Promise<T> =>
  requestScope.run(scope, work);

/** The id of the HTTP request being served (undefined outside one); errors and logs carry it. */
export const currentRequestId = (): string | undefined => requestScope.getStore()?.requestId;
