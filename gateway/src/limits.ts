import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Kind,
  getNamedType,
  isCompositeType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { intFromEnv } from '@sales-graph/shared/config';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  maxRootPageSize,
  type PageSizeCaller,
} from '@sales-graph/shared/graphql/page-size';

/** Limits on one operation; 0 switches a limit off. */
export interface QueryLimits {
  /** Deepest field nesting (the headline query is 7). */
  maxDepth: number;
  /** Aliased fields per operation (`__typename` aliases are free). */
  maxAliases: number;
  /** Lexical tokens in the document, checked while parsing. */
  maxTokens: number;
  /** Directives per operation. */
  maxDirectives: number;
  /** Estimated cost, see `operationCost` (the headline query costs 753). */
  maxCost: number;
}

/** Defaults: room above the product's deep headline query, far below what hurts. */
export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 1000,
  maxDirectives: 20,
  maxCost: 10_000,
};

export function queryLimitsFromEnv(): QueryLimits {
  return {
    maxDepth: intFromEnv('GRAPHQL_MAX_DEPTH', DEFAULT_QUERY_LIMITS.maxDepth),
    maxAliases: intFromEnv('GRAPHQL_MAX_ALIASES', DEFAULT_QUERY_LIMITS.maxAliases),
    maxTokens: intFromEnv('GRAPHQL_MAX_TOKENS', DEFAULT_QUERY_LIMITS.maxTokens),
    maxDirectives: intFromEnv('GRAPHQL_MAX_DIRECTIVES', DEFAULT_QUERY_LIMITS.maxDirectives),
    maxCost: intFromEnv('GRAPHQL_MAX_COST', DEFAULT_QUERY_LIMITS.maxCost),
  };
}

/** How a rejected operation is reported: one validation error (HTTP 400, GRAPHQL_VALIDATION_FAILED). */
const report = (context: ValidationContext | null, error: GraphQLError): void =>
  context?.reportError(
    new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { nodes: error.nodes }),
  );

/**
 * What the ApolloServer of the gateway needs to enforce `limits`:
 * - depth, aliases and directives: graphql-armor's validation rules;
 * - tokens: graphql-js's own `maxTokens` parse option (graphql-armor's token plugin throws from a
 *   parsing hook, which Apollo Server 5 answers with HTTP 500);
 * - cost: `costLimitPlugin` below (graphql-armor's cost rule counts a page size only when it is
 *   written in the query, so `first: $n` would cost as much as one item; validation rules never
 *   see variables).
 * Field suggestions are removed by Apollo's `hideSchemaDetailsFromClientErrors` and, for every
 * other message, by `maskErrors`.
 */
export function queryLimitOptions<C extends BaseContext>(
  limits: QueryLimits,
): {
  validationRules: ValidationRule[];
  parseOptions: { maxTokens?: number };
  plugins: ApolloServerPlugin<C>[];
} {
  const limit = (n: number) => ({ enabled: n > 0, n, propagateOnRejection: false, onReject: [report] });
  const armor = new ApolloArmor({
    maxDepth: limit(limits.maxDepth),
    maxAliases: limit(limits.maxAliases),
    maxDirectives: limit(limits.maxDirectives),
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  const { validationRules } = armor.protect();
  return {
    validationRules,
    parseOptions: limits.maxTokens > 0 ? { maxTokens: limits.maxTokens } : {},
    plugins: limits.maxCost > 0 ? [costLimitPlugin<C>(limits.maxCost)] : [],
  };
}

/** What page sizes the cost estimate assumes. */
export interface CostOptions {
  /** Items assumed for a paginated field without `first`/`last`. */
  defaultPageSize: number;
  /** The operation's variables: `first: $n` counts as the value sent. */
  variables?: Record<string, unknown>;
  /** The operation's variable defaults: `first: $n` with `$n: Int = 100` and no `n` sent counts 100. */
  variableDefaults?: Map<string, ValueNode>;
  /**
   * The largest page of a root list the caller may ask (`maxRootPageSize`: 1,000 for an
   * export-scoped API key, else MAX_PAGE_SIZE). Above MAX_PAGE_SIZE, a root list's page whose
   * items hold no paginated field (flat rows: one statement, whatever its size) counts as
   * MAX_PAGE_SIZE items; any nested paginated field still counts once per item of the whole page,
   * so the export scope buys big flat pages, never a wider fan-out.
   */
  maxRootPageSize?: number;
}

const PAGE_ARGS = ['first', 'last'];

function intValue(node: ValueNode, options: CostOptions): number | undefined {
  if (node.kind === Kind.INT) return Number.parseInt(node.value, 10);
  if (node.kind === Kind.VARIABLE) {
    const name = node.name.value;
    const variables = options.variables ?? {};
    if (!Object.prototype.hasOwnProperty.call(variables, name)) {
      // Not sent: the variable's default runs (else the field argument's own default, see multiplier).
      const fallback = options.variableDefaults?.get(name);
      return fallback && fallback.kind !== Kind.VARIABLE ? intValue(fallback, options) : undefined;
    }
    const value = variables[name];
    return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : undefined;
  }
  return undefined;
}

/** The number of items a field's selection is resolved for: its page size if it pages, else 1. */
function multiplier(node: FieldNode, field: GraphQLField<unknown, unknown>, options: CostOptions): number {
  const pageArgs = field.args.filter((arg) => PAGE_ARGS.includes(arg.name));
  if (pageArgs.length === 0) return 1;
  let size = 0;
  for (const argument of node.arguments ?? []) {
    if (PAGE_ARGS.includes(argument.name.value))
      size = Math.max(size, intValue(argument.value, options) ?? 0);
  }
  if (size > 0) return size;
  const declared = pageArgs.map((arg) => arg.defaultValue).find((value) => typeof value === 'number');
  return typeof declared === 'number' && declared > 0 ? declared : options.defaultPageSize;
}

interface CostWalk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  fragmentCosts: Map<string, number>;
  options: CostOptions;
}

const isPaged = (field: GraphQLField<unknown, unknown> | undefined) =>
  Boolean(field?.args.some((arg) => PAGE_ARGS.includes(arg.name)));

/** Whether a selection holds a paginated field anywhere below it (fragments included). */
function holdsPagedField(
  walk: CostWalk,
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType | undefined,
  seen: Set<string> = new Set(),
): boolean {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const field =
        parentType && 'getFields' in parentType ? parentType.getFields()[selection.name.value] : undefined;
      // A field of a type the walk cannot resolve counts as paged: the estimate errs on the safe side.
      if (selection.selectionSet && (!field || isPaged(field))) return true;
      if (selection.selectionSet) {
        const type = getNamedType(field!.type);
        if (holdsPagedField(walk, selection.selectionSet, isCompositeType(type) ? type : undefined, seen)) {
          return true;
        }
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition && walk.schema.getType(selection.typeCondition.name.value);
      const type = condition && isCompositeType(condition) ? condition : parentType;
      if (holdsPagedField(walk, selection.selectionSet, type, seen)) return true;
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      seen.add(name);
      const fragment = walk.fragments.get(name);
      if (!fragment) continue;
      const condition = walk.schema.getType(fragment.typeCondition.name.value);
      const type = condition && isCompositeType(condition) ? condition : undefined;
      if (holdsPagedField(walk, fragment.selectionSet, type, seen)) return true;
    }
  }
  return false;
}

/**
 * Estimated work of a selection: every field resolved costs 1, and a paginated field's selection
 * counts once per item of the page it asks for (`first`, else the default page). Fragments cost
 * what they select, wherever they are spread. `root` is true for the operation's own fields: only
 * a root list's flat page may count as fewer items (see `CostOptions.maxRootPageSize`).
 */
function selectionCost(
  walk: CostWalk,
  selectionSet: SelectionSetNode,
  parentType?: GraphQLCompositeType,
  root = false,
): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const field =
        parentType && 'getFields' in parentType ? parentType.getFields()[selection.name.value] : undefined;
      total += 1;
      if (selection.selectionSet) {
        const type = field ? getNamedType(field.type) : undefined;
        const composite = type && isCompositeType(type) ? type : undefined;
        const each = selectionCost(walk, selection.selectionSet, composite);
        let items = field ? multiplier(selection, field, walk.options) : 1;
        const bulk = walk.options.maxRootPageSize ?? MAX_PAGE_SIZE;
        if (
          root &&
          isPaged(field) &&
          items > MAX_PAGE_SIZE &&
          items <= bulk &&
          !holdsPagedField(walk, selection.selectionSet, composite)
        ) {
          items = MAX_PAGE_SIZE;
        }
        total += items * each;
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition && walk.schema.getType(selection.typeCondition.name.value);
      total += selectionCost(
        walk,
        selection.selectionSet,
        condition && isCompositeType(condition) ? condition : parentType,
        root,
      );
    } else {
      const name = selection.name.value;
      // Keyed by where it is spread too: at the root a flat page may count less, nowhere else.
      const cacheKey = `${root ? 'root' : 'nested'}:${name}`;
      if (!walk.fragmentCosts.has(cacheKey)) {
        walk.fragmentCosts.set(cacheKey, 0); // a cycle costs nothing more (validation rejects cycles anyway)
        const fragment = walk.fragments.get(name);
        if (fragment) {
          const condition = walk.schema.getType(fragment.typeCondition.name.value);
          const type = condition && isCompositeType(condition) ? condition : undefined;
          walk.fragmentCosts.set(cacheKey, selectionCost(walk, fragment.selectionSet, type, root));
        }
      }
      total += walk.fragmentCosts.get(cacheKey) ?? 0;
    }
  }
  return total;
}

/**
 * The estimated cost of one operation of `document` as it will run (see `selectionCost`): page
 * sizes from the variables sent, else the variables' defaults, else the arguments' defaults.
 * The headline query costs 753.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  options: Partial<CostOptions> = {},
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const walk: CostWalk = {
    schema,
    fragments,
    fragmentCosts: new Map(),
    options: {
      defaultPageSize: DEFAULT_PAGE_SIZE,
      variableDefaults: new Map(
        (operation.variableDefinitions ?? []).flatMap((definition) =>
          definition.defaultValue ? [[definition.variable.name.value, definition.defaultValue] as const] : [],
        ),
      ),
      ...options,
    },
  };
  return selectionCost(
    walk,
    operation.selectionSet,
    schema.getRootType(operation.operation) ?? undefined,
    true,
  );
}

/**
 * Rejects an operation whose estimated cost exceeds `maxCost`, once its variables are known (so a
 * page size passed as `$first` counts as what it is), before anything is fetched: HTTP 400,
 * GRAPHQL_VALIDATION_FAILED, like the other limits. The caller's identity (the gateway context's,
 * verified before any operation runs) decides how large a flat root page may be counted as cheap:
 * an export-scoped API key's 1,000-row pages of flat rows fit, their nested lists do not.
 */
export function costLimitPlugin<C extends BaseContext>(maxCost: number): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const identity = (contextValue as { identity?: PageSizeCaller }).identity;
          const cost = operationCost(schema, document, operation, {
            variables: request.variables,
            maxRootPageSize: maxRootPageSize(identity),
          });
          if (cost > maxCost) {
            throw new GraphQLError(`Query cost limit of ${maxCost} exceeded, found ${cost}.`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
