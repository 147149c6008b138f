import {
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';
import type { Prng } from './prng';

/**
 * Argument values: plausible ones (so a case gets past the first check), hostile ones (NUL bytes,
 * lone surrogates, SQL- and path-like text, forged cursors, huge and negative numbers, decimals
 * like "1e309", impossible dates, ids of other tables or not ids at all) and wrongly typed ones.
 */

/** Ids of real rows by table name (`deals`, `partner_users`…), so that ids hit records. */
export type IdPool = Readonly<Record<string, readonly string[]>>;

const STRINGS = [
  '',
  'a',
  ' ',
  'Acme',
  'x'.repeat(10_000),
  'ünïcødé ✓ 中文 🚀 \u202eevil',
  'a\u0000b',
  '\u0000',
  "' OR 1=1 --",
  'Robert"); DROP TABLE customers; --',
  "1' UNION SELECT password FROM users --",
  '%',
  '_',
  '\\',
  '../../../../etc/passwd',
  'C:\\Windows\\system32',
  '${process.env}',
  '<script>alert(1)</script>',
  'someone@example.com',
  'not an email',
  '2026-12-01',
  '12345',
  '-1',
  'null',
  '\ud800',
  '\t\n\r',
];
const NUL_STRINGS = ['a\u0000b', '\u0000', 'Fuzz value\u0000', '\u0000\u0000\u0000'];
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Forged cursors in today's format (`[sortValue, id]`, base64url JSON) and plain garbage. */
const CURSORS = [
  cursor(['0000-01-01T00:00:00.000Z', '0b8d7f6e-1111-4222-8333-444455556666']),
  cursor(['2026-12-01T10:00:00.000Z', '0b8d7f6e-1111-4222-8333-444455556666']),
  cursor(['a\u0000', '0b8d7f6e-1111-4222-8333-444455556666']),
  cursor([1e308, 'not-a-uuid']),
  cursor([null, '0b8d7f6e-1111-4222-8333-444455556666']),
  cursor(['-1', "'; --"]),
  cursor({ id: 1 }),
  cursor([]),
  'not a cursor',
  '',
  '====',
];
const DECIMALS = [
  '100.00',
  '0',
  '-0.001',
  '1e309',
  '-1e309',
  'abc',
  '',
  '1.005',
  '99999999999999999999.99',
  'NaN',
  'Infinity',
  '0x10',
  ' 12 ',
  '1,5',
  '\u00001',
];
const DATES = [
  '2026-12-01',
  '0000-01-01',
  '2026-02-30',
  '9999-12-31',
  '1970-01-01',
  '2026-13-01',
  'abc',
  '',
  '+275760-09-13',
  '2026-12-01T10:00:00Z',
  '01/12/2026',
  '2026-12-01\u0000',
];
const DATETIMES = [
  '2026-12-01T10:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  'not a date',
  '',
  '2026-12-01',
  '1e309',
  '2026-02-30T25:61:00Z',
];
const INTS = [0, 1, -1, 2, 10, 50, 100, 101, 1000, 2147483647, -2147483648];
const FLOATS = [0, 0.5, -0.001, 1.5, 1e308, -1e308, 100];

export const camelWords = (name: string): string[] =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(' ');

/** Plausible values by argument or field name, so that a case gets past the obvious checks. */
function benignString(name: string): string {
  if (/email/i.test(name)) return 'fuzz@example.com';
  if (/currency/i.test(name)) return 'EUR';
  if (/domain/i.test(name)) return 'fuzz.example';
  if (/url|website/i.test(name)) return 'https://fuzz.example';
  if (/phone/i.test(name)) return '+49 30 1234567';
  if (/country/i.test(name)) return 'DE';
  return 'Fuzz value';
}

/** Values for input types: `valid` ones coerce; `invalid` ones are wrong in exactly one place. */
export class Values {
  constructor(
    private readonly prng: Prng,
    private readonly ids: IdPool,
    /** Chance that a leaf value is hostile rather than plausible. */
    private readonly hostility: number,
    /** Words of the root field's name (`update`, `deal`): what its `id` argument names. */
    private readonly subject: string[],
  ) {}

  valid(type: GraphQLInputType, depth = 0, name = ''): unknown {
    if (isNonNullType(type)) return this.present(type.ofType, depth, name);
    if (depth > 0 && this.prng.chance(0.1)) return null;
    return this.present(type, depth, name);
  }

  /** A non-null value of a nullable type. */
  private present(type: GraphQLInputType, depth: number, name: string): unknown {
    const p = this.prng;
    if (isListType(type)) {
      // One long list at the top level; nested lists stay short so a case stays a few kilobytes.
      const length = p.pick(depth === 0 ? [0, 1, 2, 3, 10, 200] : [0, 1, 2]);
      return Array.from({ length }, () => this.valid(type.ofType, depth + 1, name));
    }
    if (isInputObjectType(type)) {
      const out: Record<string, unknown> = {};
      for (const field of Object.values(type.getFields())) {
        if (!isNonNullType(field.type) && !p.chance(0.5)) continue;
        if (depth > 3 && !isNonNullType(field.type)) continue;
        const value = this.valid(field.type, depth + 1, field.name);
        if (value !== undefined) out[field.name] = value;
      }
      return out;
    }
    if (isEnumType(type)) return p.pick(type.getValues()).value as string;
    if (isScalarType(type))
      return p.chance(this.hostility) ? this.hostile(type.name, name) : this.benign(type.name, name);
    return null;
  }

  invalid(type: GraphQLInputType, depth = 0): unknown {
    const p = this.prng;
    if (isNonNullType(type)) return p.chance(0.2) ? null : this.invalid(type.ofType, depth);
    if (isListType(type)) {
      const item = getNullableType(type.ofType) as GraphQLInputType;
      return [this.valid(item, depth + 1), this.invalid(type.ofType, depth + 1)];
    }
    if (isInputObjectType(type)) {
      const value = this.present(type, depth, '') as Record<string, unknown>;
      const fields = Object.values(type.getFields());
      const required = fields.filter((f) => isNonNullType(f.type));
      const choice = p.int(0, 3);
      if (choice === 0 || fields.length === 0) value.fuzzUnknownField = p.pick(STRINGS);
      else if (choice === 1 && required.length) delete value[p.pick(required).name];
      else if (choice === 2) return p.pick(['a string', 42, true, [value]]);
      else {
        const field = p.pick(fields);
        value[field.name] = this.invalid(field.type, depth + 1);
      }
      return value;
    }
    if (isEnumType(type)) {
      const some = String(p.pick(type.getValues()).value);
      return p.pick([some.toLowerCase() + '_x', 'NOT_A_VALUE', 1, '', `${some}\u0000`]);
    }
    if (isScalarType(type)) return this.wrongScalar(type.name);
    return { fuzz: true };
  }

  private benign(scalar: string, name: string): unknown {
    const p = this.prng;
    switch (scalar) {
      case 'Int':
        return /first|limit|days/i.test(name) ? p.int(1, 20) : p.int(0, 10);
      case 'Float':
        return p.pick([0.5, 1, 10]);
      case 'Boolean':
        return p.chance(0.5);
      case 'ID':
        return this.realId(name);
      case 'Decimal':
        return p.pick(['100.00', '2500', '0.5']);
      case 'Date':
        return p.pick(['2027-01-15', '2026-06-30']);
      case 'DateTimeISO':
        return p.pick(['2027-01-15T10:00:00.000Z', '2026-06-30T08:30:00.000Z']);
      case 'JSONObject':
        return { note: 'fuzz' };
      default:
        if (name === 'after') return undefined; // the first page
        return /id$/i.test(name) ? this.realId(name) : benignString(name);
    }
  }

  private hostile(scalar: string, name: string): unknown {
    const p = this.prng;
    switch (scalar) {
      case 'Int':
        return p.chance(0.7) ? p.pick(INTS) : p.int(-1000, 100000);
      case 'Float':
        return p.pick(FLOATS);
      case 'Boolean':
        return p.chance(0.5);
      case 'ID':
        return this.id(name);
      case 'Decimal':
        return p.pick(DECIMALS);
      case 'Date':
        return p.pick(DATES);
      case 'DateTimeISO':
        return p.pick(DATETIMES);
      case 'JSONObject':
        return p.pick([
          {},
          { a: 1 },
          { $where: '1' },
          { k: '\u0000' },
          { nested: { deep: [1, 2, { x: null }] } },
        ]);
      default:
        // String, and any scalar added later: its serialised form is a string.
        if (name === 'after') return p.pick(CURSORS);
        if (p.chance(0.4)) return p.pick(NUL_STRINGS);
        return p.chance(0.15) ? this.id(name) : p.pick(STRINGS);
    }
  }

  private wrongScalar(name: string): unknown {
    const p = this.prng;
    switch (name) {
      case 'Int':
        return p.pick([2147483648, -2147483649, 1.5, '1', true, 2 ** 53 + 2, [1]]);
      case 'Float':
        return p.pick(['1.5', true, { x: 1 }]);
      case 'Boolean':
        return p.pick(['true', 1, 0, null]);
      case 'ID':
      case 'String':
        return p.pick([42.5, true, { id: 1 }, [[]]]);
      case 'JSONObject':
        return p.pick(['{}', 1, [1, 2], true]);
      default:
        return p.pick([42, true, { value: '1' }, [1]]);
    }
  }

  /** An id of the table the name points at (`dealId` → deals; `id` of `updateDeal` → deals). */
  private realId(name: string): string {
    const words = /^ids?$/i.test(name) ? [...this.subject].reverse() : camelWords(name.replace(/Ids?$/, ''));
    const tables = Object.keys(this.ids);
    for (const word of words) {
      const table = tables.find((t) =>
        [`${word}s`, `${word}es`, word.replace(/y$/, 'ies'), word].some(
          (n) => t === n || t.endsWith(`_${n}`),
        ),
      );
      if (table && this.ids[table].length) return this.prng.pick(this.ids[table]);
    }
    const all = Object.values(this.ids).flat();
    return all.length ? this.prng.pick(all) : this.prng.uuid();
  }

  private id(name: string): string {
    const p = this.prng;
    const real = this.realId(name);
    return p.pick([
      real,
      real,
      real.toUpperCase(),
      p.uuid(),
      '00000000-0000-0000-0000-000000000000',
      'not-a-uuid',
      '',
      '1',
      `${real}\u0000`,
      `${real}x`,
      `${real.slice(0, 8)}'--`,
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
    ]);
  }
}
