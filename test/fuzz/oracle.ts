import { type GraphQLResponse } from '../support';

/**
 * What no answer may ever contain, whatever was sent: a server failure, an error a client cannot
 * act on (no `extensions.code`), or internals (stack, SQL, source paths, schema-qualified tables).
 */
export type FailureClass = 'HTTP_5XX' | 'INTERNAL_SERVER_ERROR' | 'NO_CODE' | 'LEAK' | 'WRITE_ON_FAILURE';

export interface Finding {
  class: FailureClass;
  detail: string;
}

const LEAKS: [string, RegExp][] = [
  ['stack trace', /\n\s+at |\bat [^\s()]+:\d+:\d+|stacktrace/i],
  [
    'SQL',
    /\bSELECT |\bINSERT INTO\b|\bUPDATE "|\bDELETE FROM\b|relation "|column "|violates|syntax error at|QueryFailedError|duplicate key|invalid input syntax/i,
  ],
  ['source path', /\/src\/|node_modules|\.ts:\d+|\.js:\d+/],
  ['table name', /\b(crm|prm)\.[a-z_]+/i],
];

/** Every string the case sent, as sent and as JSON escapes it: an error may quote its input. */
export function sentStrings(variables: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string' && value.length >= 3) out.push(value, JSON.stringify(value).slice(1, -1));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(variables);
  return out.sort((a, b) => b.length - a.length);
}

/** The failures in one answer. `sent` is removed from texts first so quoted input is not a leak. */
export function judge(response: GraphQLResponse, sent: readonly string[] = []): Finding[] {
  const findings: Finding[] = [];
  if (response.status >= 500) findings.push({ class: 'HTTP_5XX', detail: `HTTP ${response.status}` });
  for (const error of response.errors ?? []) {
    const code = error.extensions?.code;
    if (code === undefined) findings.push({ class: 'NO_CODE', detail: error.message.slice(0, 200) });
    if (code === 'INTERNAL_SERVER_ERROR') {
      findings.push({
        class: 'INTERNAL_SERVER_ERROR',
        detail: `${(error.path ?? []).join('.')}: ${error.message}`,
      });
    }
    let text = JSON.stringify({ message: error.message, extensions: error.extensions });
    for (const s of sent) text = text.split(s).join('');
    for (const [what, pattern] of LEAKS) {
      const match = pattern.exec(text);
      if (match) findings.push({ class: 'LEAK', detail: `${what} "${match[0]}" in ${text.slice(0, 300)}` });
    }
  }
  return findings;
}

/**
 * Whether the operation's one root field itself failed, so it must not have written anything. An
 * error deeper in the selection (a field the role may not read) nulls the answer after the write.
 */
export function failed(response: GraphQLResponse, field: string): boolean {
  const atRoot = (response.errors ?? []).some((error) => !error.path || error.path.length <= 1);
  return atRoot && (response.data?.[field] ?? null) === null;
}
