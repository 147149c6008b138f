import type { QueryRunner } from 'typeorm';
import { trigramIndexes } from './search-statistics';

/**
 * Word indexes: a GIN index over the words of each column a trigram index serves, so that a
 * `contains` pattern of several words is found by its rarest word instead of by all its trigrams.
 *
 * Why: pg_trgm's GIN scan takes the rarest trigram of a pattern and, for every row holding it,
 * reads every other trigram's posting list at that row. "Wayne Retail 98368" has 15 trigrams;
 * the rarest ("983") is in about 300 of 100,000 generated customer names, and "ret", "tai", "way"
 * in 11-17 % of them, so the scan decodes nearly all of those posting lists: 103 index pages and
 * 1.3-1.7 ms at 100,000 customers, against 0.07 ms on the demo's 60. Of whole words the rarest,
 * "98368", is in one name, so the word index reads 11 pages in 0.08 ms at that size, and the
 * like test rechecks the one row.
 */

/** Words are cut to this many characters (a tsvector lexeme has at most 2,047 bytes). */
export const SEARCH_WORD_LENGTH = 64;

/**
 * The words of `lowered` (a lower-cased text expression) as a tsvector, for the index and the query
 * alike: maximal runs of letters and digits (`[[:alnum:]]`), each cut to SEARCH_WORD_LENGTH
 * characters. Built-in functions only, so both subgraphs' schemas and the embedded database index
 * the same expression.
 */
export function searchWordsOf(lowered: string): string {
  return (
    `array_to_tsvector(array_remove(regexp_split_to_array(regexp_replace(${lowered}, ` +
    `'([[:alnum:]]{${SEARCH_WORD_LENGTH}})[[:alnum:]]+', '\\1', 'g'), '[^[:alnum:]]+'), ''))`
  );
}

/**
 * The tsquery that every text containing `term` (case-insensitively) satisfies over its
 * `searchWordsOf`, or null when the term has no word an index can find. Only a term of ASCII
 * characters is read, where a letter or digit is one in any locale and anything else parts words:
 * - a word with a separator on both sides is a whole word of the text ('retail');
 * - a word that ends the term, with a separator before it, begins a word of the text
 *   ('98368':*), when it has 3 characters or more (a shorter prefix matches too many words);
 * - a word that begins the term may end a longer word of the text: it is not used;
 * - a word of SEARCH_WORD_LENGTH characters or more is its first SEARCH_WORD_LENGTH, as indexed.
 * The words are ANDed; each is [a-z0-9]+, so no quoting can break the query.
 */
export function searchWordsQuery(term: string): string | null {
  if (!/^[\x20-\x7e]*$/.test(term)) return null;
  const text = term.toLowerCase();
  const lexemes: string[] = [];
  for (const match of text.matchAll(/[a-z0-9]+/g)) {
    const start = match.index;
    const end = start + match[0].length;
    if (start === 0) continue;
    if (match[0].length >= SEARCH_WORD_LENGTH) lexemes.push(`'${match[0].slice(0, SEARCH_WORD_LENGTH)}'`);
    else if (end < text.length) lexemes.push(`'${match[0]}'`);
    else if (match[0].length >= 3) lexemes.push(`'${match[0]}':*`);
  }
  return lexemes.length === 0 ? null : [...new Set(lexemes)].join(' & ');
}

/** The word index beside trigram index `name`: `…_trgm_…` becomes `…_words_…`. */
export function wordIndexName(trigramIndex: string): string {
  return trigramIndex.includes('_trgm') ? trigramIndex.replace('_trgm', '_words') : `${trigramIndex}_words`;
}

/**
 * Creates (up) or drops (down), beside every pg_trgm index of `schema`, a GIN index over the words
 * of the same lower-cased columns with the same predicate, and ANALYZEs the tables so that the
 * planner has the words' frequencies at once (it weighs the word and trigram indexes by them).
 */
export async function searchWordIndexes(
  q: QueryRunner,
  schema: string,
  direction: 'up' | 'down',
): Promise<void> {
  const tables = new Set<string>();
  for (const index of await trigramIndexes(q, schema)) {
    const name = wordIndexName(index.name);
    if (direction === 'down') {
      await q.query(`DROP INDEX IF EXISTS ${schema}.${name}`);
      continue;
    }
    await q.query(
      `CREATE INDEX ${name} ON ${index.table} USING gin (${index.columns.map(searchWordsOf).join(', ')})` +
        (index.predicate ? ` WHERE ${index.predicate}` : ''),
    );
    tables.add(index.table);
  }
  for (const table of tables) await q.query(`ANALYZE ${table}`);
}
