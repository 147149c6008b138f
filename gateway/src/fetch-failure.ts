import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLFormattedError,
  type SelectionSetNode,
} from 'graphql';

/** Extensions of a gateway-side error that describe the server, never the client's request. */
const SERVER_EXTENSIONS = new Set(['response', 'http', 'stacktrace', 'exception', 'serviceName']);

type Fragments = Map<string, FragmentDefinitionNode>;

/**
 * The response names a selection set asks for on an object of type `typename` (`undefined`: any
 * type), through inline fragments and fragment spreads; `__typename` is the gateway's own.
 */
function responseNames(
  selectionSet: SelectionSetNode,
  fragments: Fragments,
  typename: string | undefined,
  into: Set<string> = new Set(),
): Set<string> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.alias?.value ?? selection.name.value;
      if (name !== '__typename') into.add(name);
      continue;
    }
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
    if (!fragment) continue;
    const condition = fragment.typeCondition?.name.value;
    if (condition === undefined || typename === undefined || condition === typename) {
      responseNames(fragment.selectionSet, fragments, typename, into);
    }
  }
  return into;
}

/** The operation of a fetch and its fragments. */
function parts(document: DocumentNode) {
  const fragments: Fragments = new Map();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const entities = operation?.selectionSet.selections.find(
    (selection) => selection.kind === Kind.FIELD && selection.name.value === '_entities',
  );
  const entitySelection = entities?.kind === Kind.FIELD ? entities.selectionSet : undefined;
  return { fragments, operation, entitySelection };
}

/** The response names an entity fetch asks for on its `index`-th representation. */
function entityFields(
  selectionSet: SelectionSetNode,
  fragments: Fragments,
  representations: unknown[],
  index: number,
): Set<string> {
  const typename = (representations[index] as { __typename?: unknown } | null)?.__typename;
  return responseNames(selectionSet, fragments, typeof typename === 'string' ? typename : undefined);
}

/**
 * A subgraph that cannot resolve an entity at all (its reference resolver failed) reports one
 * error at `['_entities', i]`; the gateway keeps the entity (its other subgraphs' fields) and
 * nulls the fields this fetch was to answer, so the error goes to each of those fields.
 */
export function entityErrorsAtFields(
  errors: readonly GraphQLFormattedError[],
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): GraphQLFormattedError[] {
  const { fragments, entitySelection } = parts(document);
  const representations = variables?.representations;
  if (!entitySelection || !Array.isArray(representations)) return [...errors];
  return errors.flatMap((error) => {
    const [root, index, ...rest] = error.path ?? [];
    if (root !== '_entities' || typeof index !== 'number' || rest.length > 0) return [error];
    const names = entityFields(entitySelection, fragments, representations, index);
    return names.size === 0
      ? [error]
      : [...names].map((name) => ({ ...error, path: ['_entities', index, name] }));
  });
}

/**
 * The errors of a subgraph fetch that got no GraphQL answer (it could not be reached, did not
 * answer in time, was cut off or refused the request): one error for each field the fetch was
 * to answer, at the path the subgraph itself would have reported, `[field]` for a root fetch and
 * `['_entities', i, field]` for an entity fetch. The gateway turns those into paths in the
 * client's answer, so each field the outage nulls carries its error and nothing else is lost.
 */
export function fetchFailureErrors(
  error: GraphQLError,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): GraphQLFormattedError[] {
  const extensions: Record<string, unknown> = Object.fromEntries(
    Object.entries(error.extensions).filter(([key]) => !SERVER_EXTENSIONS.has(key)),
  );
  // The fetch's one log line is written (resilience.ts); the error formatter must not add another.
  if ((error as { logged?: unknown }).logged === true) extensions.logged = true;
  const at = (path: (string | number)[]): GraphQLFormattedError => ({
    message: error.message,
    path,
    extensions,
  });
  const { fragments, operation, entitySelection } = parts(document);
  if (!operation) return [{ message: error.message, extensions }];
  const representations = variables?.representations;
  if (entitySelection && Array.isArray(representations)) {
    return representations.flatMap((_, index) =>
      [...entityFields(entitySelection, fragments, representations, index)].map((name) =>
        at(['_entities', index, name]),
      ),
    );
  }
  return [...responseNames(operation.selectionSet, fragments, undefined)].map((name) => at([name]));
}
