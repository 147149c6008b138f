import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import { BadUserInputError } from '../errors';

const HTTP_400 = { http: { status: 400 } };

/**
 * An operation the request does not name (an unknown `operationName`, or several operations and
 * no name) is the client's mistake: HTTP 400 OPERATION_RESOLUTION_FAILURE, not an execution error.
 */
export function operationResolutionPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const message = request.operationName
            ? `Unknown operation named "${String(request.operationName)}"`
            : 'Must provide operation name if query contains multiple operations';
          throw new GraphQLError(message, {
            extensions: { code: 'OPERATION_RESOLUTION_FAILURE', ...HTTP_400 },
          });
        },
      };
    },
  };
}

// Text PostgreSQL cannot store: a NUL byte anywhere, or a lone UTF-16 surrogate (jsonb, e.g. the
// audit log, refuses its escape; text columns would silently turn it into U+FFFD).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const hasNul = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);

/**
 * The path (`input.name`, `[2]`) of the first string inside `value` that holds a NUL byte. Walked
 * with a stack, not recursion: a deeply nested value must not overflow it.
 */
function nulIn(root: unknown, rootPath: string): string | undefined {
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (hasNul(value)) return path;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}[${i}]`]);
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, inner] = entries[i]!;
        if (hasNul(key)) return `${path}.${key}`;
        stack.push([inner, `${path}.${key}`]);
      }
    }
  }
  return undefined;
}

/**
 * Where the operation's text input holds a NUL byte, which no text column can store: the argument
 * path of an inline literal, or of the argument a variable is passed to.
 */
export function findNulInput(
  document: DocumentNode,
  variables: Record<string, unknown> = {},
): string | undefined {
  const path: string[] = [];
  const usedAt = new Map<string, string>();
  let found: string | undefined;
  visit(document, {
    Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    ObjectField: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    StringValue(node) {
      if (!found && hasNul(node.value)) found = path.join('.') || 'query';
    },
    Variable(node, _key, parent) {
      if (path.length > 0 && (parent as { kind?: string } | undefined)?.kind !== Kind.VARIABLE_DEFINITION) {
        if (!usedAt.has(node.name.value)) usedAt.set(node.name.value, path.join('.'));
      }
    },
  });
  if (found) return found;
  for (const [name, value] of Object.entries(variables ?? {})) {
    const at = nulIn(value, usedAt.get(name) ?? `$${name}`);
    if (at) return at;
  }
  return undefined;
}

/**
 * Refuses, before any resolver runs, an operation whose text input (any String argument or input
 * field, inline or in variables) holds a NUL byte: BAD_USER_INPUT naming the argument, where
 * PostgreSQL would otherwise fail the statement and the client would see an internal error.
 */
export function textInputPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const at = findNulInput(document, request.variables);
          if (at) {
            throw new BadUserInputError(
              `${at} must not contain a NUL character (\\u0000) or a lone surrogate`,
              at,
              HTTP_400,
            );
          }
        },
      };
    },
  };
}

/**
 * Every answer says `cache-control: no-store`, as Apollo Server's default cache-control plugin
 * says of an answer nothing in it may be cached (the schema has no cache hints, so none may).
 * That plugin is off (`ApolloServerPluginCacheControlDisabled`, with this in its place): to
 * compute a policy that is always "uncacheable" it wrapped every field resolver of the schema and
 * ran a hook per resolved field, a tenth of a subgraph's GraphQL execution time.
 */
export function noStorePlugins<C extends BaseContext>(): ApolloServerPlugin<C>[] {
  return [
    ApolloServerPluginCacheControlDisabled(),
    {
      async requestDidStart() {
        return {
          async willSendResponse({ response }) {
            if (!response.http.headers.has('cache-control'))
              response.http.headers.set('cache-control', 'no-store');
          },
        };
      },
    },
  ];
}
