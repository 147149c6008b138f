import type { MiddlewareFn } from 'type-graphql';
import { FIELD_ALLOWLIST, HIDDEN_CLASSES, fieldAllowed, fieldClass, isRedacted } from '../auth/permissions';
import type { RequestContext } from '../context';
import { ForbiddenError } from '../errors';

/**
 * Applied to every field that has a policy (`fieldHasPolicy`) in both subgraphs, from the one table in `auth/permissions.ts`: a field
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

/**
 * Whether FieldPolicy can ever act on a field: a field of a type some role sees only in part
 * (FIELD_ALLOWLIST), or a classified field (FIELD_CLASSES, `'*'` included). Every other field
 * reads the same for every role, so it is not wrapped at all (`buildFederatedSchema`).
 */
export function fieldHasPolicy(typeName: string, fieldName: string): boolean {
  if (fieldClass(typeName, fieldName) !== undefined) return true;
  return Object.values(FIELD_ALLOWLIST).some((types) => types?.[typeName] !== undefined);
}
