import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { valueFromASTUntyped, visit, type DocumentNode, type ValueNode } from 'graphql';
import { intFromEnv } from '../config';
import { assertInputBounds, type InputBounds } from '../validation';

/**
 * Defaults: the deepest legal filter (5 and/or/not levels, an `in` list) nests 11 levels, the
 * longest `in` list is 500, the longest text the product stores is 20,000 characters.
 */
export const DEFAULT_INPUT_BOUNDS: InputBounds = {
  maxDepth: 12,
  maxListLength: 1000,
  maxStringLength: 20_000,
  maxValues: 5000,
};

/**
 * A subgraph is called by the gateway only (which applies the bounds above); it still refuses a
 * value deep enough to overflow the stack, whatever the signer let through.
 */
export const SUBGRAPH_INPUT_BOUNDS: InputBounds = {
  maxDepth: 32,
  maxListLength: 0,
  maxStringLength: 0,
  maxValues: 0,
};

export function inputBoundsFromEnv(): InputBounds {
  return {
    maxDepth: intFromEnv('GRAPHQL_MAX_INPUT_DEPTH', DEFAULT_INPUT_BOUNDS.maxDepth),
    maxListLength: intFromEnv('GRAPHQL_MAX_INPUT_LIST', DEFAULT_INPUT_BOUNDS.maxListLength),
    maxStringLength: intFromEnv('GRAPHQL_MAX_INPUT_STRING', DEFAULT_INPUT_BOUNDS.maxStringLength),
    maxValues: intFromEnv('GRAPHQL_MAX_INPUT_VALUES', DEFAULT_INPUT_BOUNDS.maxValues),
  };
}

/**
 * The values written in a document (arguments, directive arguments, variable defaults), each as a
 * plain value; variables inside them are left out (they are checked as sent). A document's depth
 * is bounded by its token limit, so the recursive conversion is safe.
 */
function literalInputs(document: DocumentNode): Record<string, unknown> {
  const literals: Record<string, unknown> = {};
  let n = 0;
  const add = (name: string, node: ValueNode) => {
    literals[`${name}#${n++}`] = valueFromASTUntyped(node);
  };
  visit(document, {
    Argument: (node) => {
      add(node.name.value, node.value);
      return false;
    },
    VariableDefinition: (node) => {
      if (node.defaultValue) add(`$${node.variable.name.value}`, node.defaultValue);
    },
  });
  return literals;
}

/**
 * Bounds every input of an operation, the variables as sent and the values written in it
 * together (see `assertInputBounds`), once the operation is known and before graphql-js coerces
 * the variables or anything executes: HTTP 400, BAD_USER_INPUT.
 */
export function inputLimitsPlugin<C extends BaseContext>(bounds: InputBounds): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const literals = literalInputs(document);
          const variables = Object.fromEntries(
            Object.entries(request.variables ?? {}).map(([name, value]) => [`$${name}`, value]),
          );
          assertInputBounds({ ...variables, ...literals }, bounds);
        },
      };
    },
  };
}
