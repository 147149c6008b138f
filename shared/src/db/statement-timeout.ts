import { QueryFailedError } from 'typeorm';
import { ServiceUnavailableError } from '../errors';

/** PostgreSQL cancelled the statement: its `statement_timeout` ran out (SQLSTATE 57014, query_canceled). */
export function isStatementTimeout(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  return (error.driverError as { code?: unknown } | undefined)?.code === '57014';
}

/** What the caller is told instead: a typed error, without the SQL. */
export const statementTimedOut = (): ServiceUnavailableError =>
  new ServiceUnavailableError(
    'The request took too long and was stopped; ask for less (a narrower filter, a smaller page) or try again',
  );
