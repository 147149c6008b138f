import { QueryFailedError } from 'typeorm';
import { ConflictError } from '../errors';

/**
 * Turns a unique-index violation (a concurrent request won the race the checks before it looked
 * for) into the same CONFLICT the checks give; anything else is rethrown.
 */
export function uniqueViolationAs(message: string, field: string) {
  return (error: unknown): never => {
    if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
      throw new ConflictError(message, field);
    }
    throw error;
  };
}
