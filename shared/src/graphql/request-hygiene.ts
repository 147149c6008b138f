import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
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

const hasNul = (text: string) => text.includes('\u0000');

/** The path (`input.name`, `[2]`) of the first string inside `value` that holds a NUL byte. */
function nulIn(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return hasNul(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulIn(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = nulIn(inner, `${path}.${key}`) ?? (hasNul(key) ? `${path}.${key}` : undefined);
      if (found) return found;
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
            throw new BadUserInputError(`${at} must not contain a NUL character (\\u0000)`, at, HTTP_400);
          }
        },
      };
    },
  };
}
