/**
 * Statement fragments: a piece of SQL together with the values it binds, so that a set-based
 * statement that must stay ONE statement can be composed of pieces that different modules own
 * (CONTRIBUTING.md, "A module owns its tables"): the owner of a table builds the fragment that
 * reads it, the composer puts the fragments together, and `toQuery` numbers the placeholders
 * once, for the whole statement.
 *
 * - `sql\`… ${x} …\``: `x` a fragment is inlined; `x` a `Param` is its placeholder (the SAME
 *   `Param` used in several fragments is one placeholder, `$n` bound once); any other value is
 *   bound as a new parameter. Text is never spliced in by accident.
 * - `raw(text)`: trusted SQL text the code itself wrote (an alias, a column, a built constant).
 * - `int(n)`: an integer written into the text (a LIMIT the planner should see as a constant).
 * - `joinSql(fragments, separator)`.
 * - `toQuery(fragment)`: `{ text, parameters }` for `dataSource.query(text, parameters)`, the
 *   placeholders numbered `$1 … $n` in order of first appearance.
 */
export class Param<T = unknown> {
  constructor(readonly value: T) {}
}

type Chunk = string | Param;

export class Sql {
  /** @internal use `sql`, `raw`, `int` or `joinSql` */
  constructor(readonly chunks: readonly Chunk[]) {}

  /** The statement's text, placeholders numbered (as `toQuery`). */
  get text(): string {
    return toQuery(this).text;
  }
}

/** A bound value, to be shared by several fragments of one statement (one placeholder). */
export const param = <T>(value: T): Param<T> => new Param(value);

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  const chunks: Chunk[] = [];
  strings.forEach((text, i) => {
    chunks.push(text);
    if (i >= values.length) return;
    const value = values[i];
    if (value instanceof Sql) chunks.push(...value.chunks);
    else chunks.push(value instanceof Param ? value : new Param(value));
  });
  return new Sql(chunks);
}

/** Trusted SQL text (never a value a client gave). */
export const raw = (text: string): Sql => new Sql([text]);

/** An integer written into the text, e.g. `LIMIT ${int(first + 1)}`. */
export function int(n: number): Sql {
  if (!Number.isSafeInteger(n)) throw new Error(`Not an integer: ${n}`);
  return raw(String(n));
}

export function joinSql(fragments: readonly Sql[], separator: string): Sql {
  return new Sql(
    fragments.flatMap((fragment, i) => (i === 0 ? fragment.chunks : [separator, ...fragment.chunks])),
  );
}

/** The text with `$1 … $n` (first appearance first; a `Param` used twice keeps its number) and the values. */
export function toQuery(fragment: Sql): { text: string; parameters: unknown[] } {
  const numbers = new Map<Param, number>();
  const parameters: unknown[] = [];
  let text = '';
  for (const chunk of fragment.chunks) {
    if (typeof chunk === 'string') {
      text += chunk;
      continue;
    }
    let n = numbers.get(chunk);
    if (n === undefined) {
      n = parameters.push(chunk.value);
      numbers.set(chunk, n);
    }
    text += `$${n}`;
  }
  return { text, parameters };
}

/**
 * A statement another builder wrote with `$1 … $n` (TypeORM's `getQueryAndParameters()`), as a
 * fragment: each `$k` becomes the k-th value's `Param`, so it can be composed like any other and
 * renumbered. The text must hold no `$k` other than its placeholders (a query builder's does not:
 * its values are all parameters).
 */
export function fromQuery(text: string, parameters: readonly unknown[]): Sql {
  const params = parameters.map((value) => new Param(value));
  const chunks: Chunk[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    const param = params[Number(match[1]) - 1];
    if (!param) throw new Error(`No value for ${match[0]}`);
    chunks.push(text.slice(last, match.index), param);
    last = match.index! + match[0].length;
  }
  chunks.push(text.slice(last));
  return new Sql(chunks);
}
