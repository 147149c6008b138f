import { fromQuery, int, joinSql, param, raw, sql, toQuery } from './sql';

describe('statement fragments', () => {
  it('binds values as parameters, numbered in order of first appearance', () => {
    const ids = param(['a', 'b']);
    const owner = (alias: string) =>
      sql`SELECT ${raw(alias)}.id FROM t ${raw(alias)} WHERE ${raw(alias)}.p = ANY(${ids})`;
    const query = toQuery(sql`${owner('x')} UNION ALL ${owner('y')} AND y.n > ${5} LIMIT ${int(11)}`);
    expect(query.text).toBe(
      'SELECT x.id FROM t x WHERE x.p = ANY($1) UNION ALL SELECT y.id FROM t y WHERE y.p = ANY($1) AND y.n > $2 LIMIT 11',
    );
    expect(query.parameters).toEqual([['a', 'b'], 5]);
  });

  it('never splices a plain value into the text', () => {
    const hostile = "'; DROP TABLE t; --";
    const query = toQuery(sql`SELECT 1 WHERE x = ${hostile}`);
    expect(query.text).toBe('SELECT 1 WHERE x = $1');
    expect(query.parameters).toEqual([hostile]);
  });

  it('joins fragments and keeps each value once per Param', () => {
    const at = param('2026-01-01');
    const parts = ['a', 'b', 'c'].map((c) => sql`${raw(c)} <= ${at}`);
    expect(toQuery(joinSql(parts, ' AND '))).toEqual({
      text: 'a <= $1 AND b <= $1 AND c <= $1',
      parameters: ['2026-01-01'],
    });
    expect(joinSql([], ', ').text).toBe('');
  });

  it('refuses a non-integer as text', () => {
    expect(() => int(1.5)).toThrow('Not an integer');
    expect(() => int(Number.NaN)).toThrow('Not an integer');
  });

  it('takes a numbered statement as a fragment and renumbers it in the whole', () => {
    const inner = fromQuery('SELECT id FROM t WHERE a = $2 AND b = $1 AND c = $2', ['B', 'A']);
    const model = param('EVEN');
    expect(toQuery(sql`WITH d AS (${inner}) SELECT ${model}::text, ${model} FROM d`)).toEqual({
      text: 'WITH d AS (SELECT id FROM t WHERE a = $1 AND b = $2 AND c = $1) SELECT $3::text, $3 FROM d',
      parameters: ['A', 'B', 'EVEN'],
    });
    expect(() => fromQuery('SELECT $2', ['x'])).toThrow('No value for $2');
  });
});
