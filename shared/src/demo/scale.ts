import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * A generated data set the size users have (`npm run seed -- --scale N`), by bulk SQL: each table
 * is filled with `INSERT … SELECT … FROM generate_series` in chunks, every value a deterministic
 * function of the row's index (md5 of a salt and the index), so every run builds the same rows
 * and both subgraphs derive the same ids (a deal's id is a function of its index: the partners
 * subgraph's attributions name CRM deals without reading the CRM database).
 */

/** `--scale large`: 1,000,000 deals (100,000 customers, 300,000 leads, 1,000 partners). */
export const LARGE_SCALE = 1_000_000;

/** How many rows of each kind a scale (= number of deals) means. */
export interface ScaleSizes {
  deals: number;
  customers: number;
  contacts: number;
  leads: number;
  /** Leads 1..convertedLeads are converted, each into deal of the same index (same customer). */
  convertedLeads: number;
  activities: number;
  campaigns: number;
  campaignMembers: number;
  partners: number;
}

export function scaleSizes(deals: number): ScaleSizes {
  if (!Number.isInteger(deals) || deals < 10)
    throw new Error(`--scale must be an integer ≥ 10 (got ${deals})`);
  const customers = Math.max(1, Math.floor(deals / 10));
  const leads = Math.floor(deals * 0.3);
  return {
    deals,
    customers,
    contacts: customers * 2,
    leads,
    convertedLeads: Math.floor(leads * 0.6),
    activities: Math.floor(deals / 2),
    campaigns: Math.max(2, Math.floor(deals / 20_000)),
    // Half are contacts' memberships, half leads'; each contact and lead is in at most one campaign.
    campaignMembers: Math.min(Math.floor(deals * 0.3), customers * 2 + leads),
    partners: Math.max(4, Math.floor(deals / 1_000)),
  };
}

/** Parses `--scale N` / `--scale large` / `--scale demo` (1 = demo) from argv; undefined without the flag. */
export function parseScaleArg(argv: readonly string[]): number | 'demo' | undefined {
  const at = argv.findIndex((arg) => arg === '--scale' || arg.startsWith('--scale='));
  if (at < 0) return undefined;
  const raw = argv[at].includes('=') ? argv[at].slice('--scale='.length) : argv[at + 1];
  if (raw === undefined) throw new Error('--scale needs a value: a number of deals, large or demo');
  if (raw === 'demo' || raw === '1') return 'demo';
  if (raw === 'large') return LARGE_SCALE;
  const n = Number(raw.replace(/_/g, ''));
  scaleSizes(n);
  return n;
}

/** The data set's fixed "now": generated times lie before it, so every run is the same. */
export const SCALE_NOW = `TIMESTAMPTZ '2026-11-01 09:00:00+00'`;

/** SQL: a deterministic integer in [0, 2^28) from a salt and an integer expression. */
export const hashSql = (salt: string, index: string): string =>
  `(('x' || substr(md5('${salt}:' || (${index})::text), 1, 7))::bit(28)::int)`;

/** SQL: a deterministic integer in [0, n) (n a number or SQL expression). */
export const pickSql = (salt: string, index: string, n: number | string): string =>
  `(${hashSql(salt, index)} % (${n}))`;

/** SQL: one of `values` (text literals), chosen by hash. */
export const choiceSql = (salt: string, index: string, values: readonly string[]): string =>
  `(ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}])[1 + ${pickSql(salt, index, values.length)}]`;

/**
 * SQL: the version-4-shaped uuid of the `index`-th generated row of `kind` ('deal', 'lead', …);
 * both subgraphs compute the same id for the same kind and index.
 */
export const scaleIdSql = (kind: string, index: string): string => {
  const h = `md5('scale-${kind}:' || (${index})::text)`;
  return `(substr(${h}, 1, 12) || '4' || substr(${h}, 14, 3) || '8' || substr(${h}, 18, 15))::uuid`;
};

/** The same id as `scaleIdSql`, in JavaScript (tests, tools). */
export function scaleId(kind: string, index: number): string {
  const h = createHash('md5').update(`scale-${kind}:${index}`).digest('hex');
  const s = `${h.slice(0, 12)}4${h.slice(13, 16)}8${h.slice(17, 32)}`;
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Where progress goes: a bar on a terminal, a line per chunk otherwise (stderr both). */
export type ScaleProgress = (table: string, done: number, total: number, startedAt: number) => void;

export const stderrProgress: ScaleProgress = (table, done, total, startedAt) => {
  const seconds = (Date.now() - startedAt) / 1000;
  const rate = seconds > 0 ? Math.round(done / seconds) : 0;
  const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
  const text = `${table.padEnd(24)} ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${String(pct).padStart(3)}% ${seconds.toFixed(1)}s ${rate.toLocaleString('en')} rows/s`;
  if (process.stderr.isTTY) {
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}`);
    if (done >= total) process.stderr.write('\n');
  } else {
    process.stderr.write(`${text}\n`);
  }
};

export const silentProgress: ScaleProgress = () => undefined;

/** Rows per INSERT statement (one progress step). */
export const SCALE_CHUNK = 50_000;

/** What one table's generation wrote. */
export interface ScaleTableResult {
  table: string;
  rows: number;
  ms: number;
}

/**
 * Runs `insertSql(from, to)` (an INSERT … SELECT over generate_series(from, to)) chunk by chunk on
 * one connection without statement timeout, reporting progress after each chunk. As a bulk load
 * does: in one transaction, the table's secondary indexes (not those of its primary key or
 * other constraints) are dropped first and re-created after from their own definitions
 * (`pg_get_indexdef`), so a crash leaves the table as it was, and a unique index still refuses
 * duplicates when it is rebuilt. Checks and foreign keys apply to every row as it is inserted.
 */
export async function fillTable(
  dataSource: DataSource,
  table: string,
  total: number,
  insertSql: (from: number, to: number) => string,
  progress: ScaleProgress,
): Promise<ScaleTableResult> {
  const runner = dataSource.createQueryRunner();
  const startedAt = Date.now();
  const [schema, name] = table.split('.');
  try {
    await runner.query('SET statement_timeout = 0');
    await runner.query("SET maintenance_work_mem = '256MB'");
    await runner.startTransaction();
    const indexes: { name: string; definition: string }[] = await runner.query(
      `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1 AND t.relname = $2
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
        ORDER BY c.relname`,
      [schema, name],
    );
    for (const index of indexes) await runner.query(`DROP INDEX "${schema}"."${index.name}"`);
    for (let from = 1; from <= total; from += SCALE_CHUNK) {
      const to = Math.min(total, from + SCALE_CHUNK - 1);
      await runner.query(insertSql(from, to));
      progress(table, to, total, startedAt);
    }
    if (total === 0) progress(table, 0, 0, startedAt);
    for (const index of indexes) await runner.query(index.definition);
    await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.query('RESET maintenance_work_mem').catch(() => undefined);
    await runner.release();
  }
  return { table, rows: total, ms: Date.now() - startedAt };
}
