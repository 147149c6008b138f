import type { MiddlewareFn } from 'type-graphql';
import { fieldAllowed, isRedacted } from '../auth/permissions';
import type { RequestContext } from '../context';
import { ForbiddenError } from '../errors';

/**
 * Applied to every field of both subgraphs: a field outside the caller's allowlist is
 * FORBIDDEN, and personal data reads as null for roles that see it redacted.
 */
export const FieldPolicy: MiddlewareFn<RequestContext> = async ({ context, info }, next) => {
  const role = context.identity?.role;
  if (role !== 'PARTNER' && role !== 'ANALYST') return next();
  const typeName = info.parentType.name;
  if (!fieldAllowed(role, typeName, info.fieldName)) {
    throw new ForbiddenError(`Role ${role} may not read ${typeName}.${info.fieldName}`);
  }
  const value: unknown = await next();
  return isRedacted(role, typeName, info.fieldName) ? null : value;
};
