import type { DataSource } from 'typeorm';
import { dbConnectRetries } from '../config';
import { logger } from '../log';

export interface ConnectRetryOptions {
  /** Attempts after the first; default DB_CONNECT_RETRIES or 10. */
  retries?: number;
  /** Wait before the first retry (ms), doubled each time up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How to wait (tests record the delays instead). */
  sleep?: (ms: number) => Promise<void>;
  /** Name used in log lines. */
  label?: string;
}

/** Waits of a bounded exponential backoff: base, 2·base, 4·base … capped at `max`. */
export const backoffDelays = (retries: number, baseMs: number, maxMs: number): number[] =>
  Array.from({ length: retries }, (_, attempt) => Math.min(maxMs, baseMs * 2 ** attempt));

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Connects the data source, retrying with bounded exponential backoff while PostgreSQL is not
 * there yet (default 10 retries, 0.5 s doubling to 5 s: about 37 s in all), so a service started
 * before its database (a restart, a deploy) waits instead of exiting. Throws the last error
 * once the retries are spent.
 */
export async function initializeWithRetry(
  dataSource: DataSource,
  options: ConnectRetryOptions = {},
): Promise<DataSource> {
  const delays = backoffDelays(
    options.retries ?? dbConnectRetries(),
    options.baseDelayMs ?? 500,
    options.maxDelayMs ?? 5_000,
  );
  const sleep = options.sleep ?? defaultSleep;
  const label = options.label ?? 'database';
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await dataSource.initialize();
    } catch (error) {
      const delay = delays[attempt];
      const reason = error instanceof Error ? error.message : String(error);
      if (delay === undefined) {
        logger(label).error(`database unreachable after ${attempt + 1} attempt(s): ${reason}`);
        throw error;
      }
      logger(label).warn(
        `database unreachable (${reason}); retry ${attempt + 1}/${delays.length} in ${delay} ms`,
      );
      await sleep(delay);
    }
  }
}
