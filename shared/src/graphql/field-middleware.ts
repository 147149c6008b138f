import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { RequestContext } from '../context';

/**
 * Wraps the resolvers of exactly the fields `select` names with a type-graphql middleware, in
 * place, on a schema type-graphql built. A global middleware would wrap every field of every
 * type (and make each an async chain, a promise per field per row: measured as a tenth of a
 * subgraph's CPU under the headline query); a middleware that only ever acts on some fields is
 * applied to those alone, with the same (resolverData, next) contract. The last applied is the
 * outermost.
 */
export function applyFieldMiddleware(
  schema: GraphQLSchema,
  select: (typeName: string, fieldName: string) => boolean,
  middleware: MiddlewareFn<RequestContext>,
): number {
  let wrapped = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!select(type.name, field.name)) continue;
      const inner: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
      field.resolve = (root, args, context, info) =>
        middleware({ root, args, context, info }, async () => inner(root, args, context, info));
      wrapped += 1;
    }
  }
  return wrapped;
}
