import { Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql';

/**
 * The one thing a caller without any token may do: apply to the partner program. The root
 * mutation field allowed, and the fields it may select of the answer (an acknowledgement).
 */
export const ANONYMOUS_MUTATIONS: Readonly<Record<string, readonly string[]>> = {
  submitPartnerApplication: ['received', 'reference', '__typename'],
};

/** An anonymous operation is small: a longer one is not an application and is refused unread. */
const MAX_QUERY_LENGTH = 4_000;
const MAX_TOKENS = 200;

/**
 * Whether a request without credentials is exactly one allowed anonymous operation: a POST whose
 * document is a single mutation with a single root field from ANONYMOUS_MUTATIONS, selecting only
 * that field's answer fields, with no fragments, aliases or directives. Anything else (another
 * field beside it, a query, a GET, a batch, a document that does not parse) is not: the gateway
 * then answers it as it answers any request without a token (UNAUTHENTICATED, 401).
 */
export function isAnonymousOperation(request: { method: string; body: unknown }): boolean {
  if (request.method !== 'POST') return false;
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const query = (body as { query?: unknown }).query;
  if (typeof query !== 'string' || query.length > MAX_QUERY_LENGTH) return false;
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: MAX_TOKENS, noLocation: true });
  } catch {
    return false;
  }
  if (document.definitions.length !== 1) return false;
  const [operation] = document.definitions;
  if (operation.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'mutation') return false;
  if (operation.directives?.length) return false;
  const root = onlyFields(operation.selectionSet);
  if (!root || root.length !== 1) return false;
  const [field] = root;
  const allowed = Object.hasOwn(ANONYMOUS_MUTATIONS, field.name.value)
    ? ANONYMOUS_MUTATIONS[field.name.value]
    : undefined;
  if (!allowed || field.alias || field.directives?.length || !field.selectionSet) return false;
  const answer = onlyFields(field.selectionSet);
  return (
    answer !== null &&
    answer.every(
      (f) => allowed.includes(f.name.value) && !f.alias && !f.directives?.length && !f.selectionSet,
    )
  );
}

function onlyFields(set: SelectionSetNode) {
  const fields = set.selections.filter((selection) => selection.kind === Kind.FIELD);
  return fields.length === set.selections.length ? fields : null;
}
