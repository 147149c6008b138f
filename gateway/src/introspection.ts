import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { BREAK, GraphQLError, visit, type DocumentNode } from 'graphql';
import { ROLES } from '@sales-graph/shared/auth/identity';
import { UnauthenticatedError } from '@sales-graph/shared/errors';

/**
 * Who may read the schema through `__schema` / `__type`: `authenticated` callers (the default, in
 * every mode, production included: that is where partner developers meet the API) or nobody
 * (`off`). An anonymous caller never may.
 */
export type IntrospectionMode = 'authenticated' | 'off';
const MODES: readonly IntrospectionMode[] = ['authenticated', 'off'];

/** GRAPHQL_INTROSPECTION=authenticated|off (default authenticated); anything else fails start-up. */
export function introspectionModeFromEnv(): IntrospectionMode {
  const value = (process.env.GRAPHQL_INTROSPECTION ?? 'authenticated').trim().toLowerCase();
  if (!(MODES as readonly string[]).includes(value)) {
    throw new Error(`GRAPHQL_INTROSPECTION must be one of ${MODES.join(', ')}, not "${value}"`);
  }
  return value as IntrospectionMode;
}

const readsSchema = (document: DocumentNode): boolean => {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
};

/**
 * The one place introspection is decided (Apollo's own switch is left on, so that NODE_ENV does
 * not decide it): an operation that reads the schema is refused when the mode is `off`, and
 * UNAUTHENTICATED for a caller without a user identity (should anonymous operations ever be let
 * through the gateway's context, they still do not see the schema).
 */
/** A caller whose identity carries a user role (a verified token or API key); anything else is anonymous. */
const authenticated = (identity: { role?: unknown } | undefined): boolean =>
  (ROLES as readonly unknown[]).includes(identity?.role);

export function introspectionPlugin<C extends BaseContext & { identity?: { role?: unknown } }>(
  mode: IntrospectionMode,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (!readsSchema(document)) return;
          if (mode === 'off') {
            throw new GraphQLError('GraphQL introspection is not allowed here', {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
          if (!authenticated(contextValue.identity)) throw new UnauthenticatedError();
        },
      };
    },
  };
}
