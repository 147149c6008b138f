import type { MiddlewareFn } from 'type-graphql';
import { FIELD_ALLOWLIST, HIDDEN_CLASSES, fieldAllowed, isRedacted } from '../auth/permissions';
import type { RequestContext } from '../context';
import { ForbiddenError } from '../errors';

/**
 * Applied to every field of both subgraphs, from the one table in `auth/permissions.ts`: a field
 * outside the caller's reach (allowlist, or a class the role is denied) is FORBIDDEN, and a class
 * the role sees redacted (FIELD_CLASSES, HIDDEN_CLASSES) reads as null; such fields are nullable.
 */
export const FieldPolicy: MiddlewareFn<RequestContext> = async ({ context, info }, next) => {
  const role = context.identity?.role;
  if (!role || !(role in HIDDEN_CLASSES || role in FIELD_ALLOWLIST)) return next();
  const typeName = info.parentType.name;
  if (!fieldAllowed(role, typeName, info.fieldName)) {
    throw new ForbiddenError(`Role ${role} may not read ${typeName}.${info.fieldName}`);
  }
  const value: unknown = await next();
  return isRedacted(role, typeName, info.fieldName) ? null : value;
};
