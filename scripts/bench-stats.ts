/**
 * The pure parts of `npm run bench` (scripts/bench.ts): argument parsing, CPU accounting from
 * /proc/<pid>/stat, percentiles and ratios. Tested in test/bench-stats/.
 */

export interface BenchArgs {
  /** Seconds per run (one side of one scenario in one round). */
  duration: number;
  /** Concurrent clients. */
  connections: number;
  /** Rounds; each runs every side of every scenario once, the order of the sides alternating. */
  rounds: number;
  /** Scenario names to run; all when empty. */
  scenarios: string[];
  /** Skip Hive Gateway (e.g. to profile our side alone). */
  hive: boolean;
  /**
   * A database holding the large data set (`npm run seed -- --scale N`, both schemas): every
   * scenario runs on it too, after the demo data, and the large/small ratios are printed. The bench
   * writes to it (write-mix, the subgraphs' background jobs): give it a copy, never the original.
   */
  largeDatabaseUrl?: string;
}

export const DEFAULT_ARGS: BenchArgs = { duration: 5, connections: 10, rounds: 2, scenarios: [], hive: true };

/**
 * `--duration 5 --connections 10 --rounds 2 --scenarios headline,search --no-hive
 * --large-database-url postgres://…/sales_large_copy` (also `--x=v`).
 */
export function parseBenchArgs(argv: readonly string[], known: readonly string[]): BenchArgs {
  const args: BenchArgs = { ...DEFAULT_ARGS, scenarios: [] };
  const positive = (name: string, raw: string | undefined): number => {
    const value = Number(raw);
    if (raw === undefined || !Number.isFinite(value) || value <= 0) {
      throw new Error(`--${name} needs a positive number, got ${raw ?? 'nothing'}`);
    }
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--duration':
        args.duration = positive('duration', value());
        break;
      case '--connections':
        args.connections = Math.floor(positive('connections', value()));
        break;
      case '--rounds':
        args.rounds = Math.floor(positive('rounds', value()));
        break;
      case '--scenarios': {
        const names = (value() ?? '')
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean);
        const unknown = names.filter((name) => !known.includes(name));
        if (names.length === 0 || unknown.length > 0) {
          throw new Error(
            `--scenarios: unknown ${unknown.join(', ') || '(none given)'}; known: ${known.join(', ')}`,
          );
        }
        args.scenarios = names;
        break;
      }
      case '--no-hive':
        args.hive = false;
        break;
      case '--large-database-url': {
        const url = value();
        if (!url || !/^postgres(ql)?:\/\//.test(url)) {
          throw new Error(`--large-database-url needs a postgres:// URL, got ${url ?? 'nothing'}`);
        }
        args.largeDatabaseUrl = url;
        break;
      }
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return args;
}

/** utime + stime (clock ticks) of a process from the text of /proc/<pid>/stat. */
export function cpuTicksFromStat(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name, field 3 (state) is index 0: utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unreadable stat: ${stat}`);
  return utime + stime;
}

/** Resident set size in MB from the text of /proc/<pid>/status (VmRSS, in kB). */
export function rssMbFromStatus(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

/** CPU milliseconds per request from a tick delta. */
export function cpuMsPerRequest(ticks: number, clockTicksPerSecond: number, requests: number): number {
  return requests > 0 ? (ticks * 1000) / clockTicksPerSecond / requests : NaN;
}

/** The p-th percentile (nearest rank) of sorted latencies. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** a / b, NaN when b is not a positive number. */
export const ratio = (a: number, b: number): number => (b > 0 && Number.isFinite(a) ? a / b : NaN);

/**
 * How a scenario's side grew from the small (demo) data to the large set: p50 large / p50 small
 * and req/s large / req/s small, from each set's sorted latencies and rate.
 */
export function growth(
  small: { sortedLatencies: readonly number[]; rps: number },
  large: { sortedLatencies: readonly number[]; rps: number },
): { p50: number; rps: number } {
  return {
    p50: ratio(percentile(large.sortedLatencies, 50), percentile(small.sortedLatencies, 50)),
    rps: ratio(large.rps, small.rps),
  };
}

export const fmt = (value: number, digits = 1): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '-';

/**
 * The order of the sides in round `round`: as given in even rounds, reversed in odd ones, so that
 * neither side always runs first (warm caches, a neighbour's load).
 */
export function sideOrder<T>(sides: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...sides] : [...sides].reverse();
}

/** One run's totals, summed over rounds. */
export interface SideTotals {
  requests: number;
  failures: number;
  seconds: number;
  latencies: number[];
  /** Clock ticks per process name. */
  ticks: Record<string, number>;
  /** Largest RSS seen per process name, MB. */
  rssMb: Record<string, number>;
}

export const emptyTotals = (): SideTotals => ({
  requests: 0,
  failures: 0,
  seconds: 0,
  latencies: [],
  ticks: {},
  rssMb: {},
});

export function addRun(
  totals: SideTotals,
  run: Omit<SideTotals, 'ticks' | 'rssMb'> & { ticks: Record<string, number>; rssMb: Record<string, number> },
): void {
  totals.requests += run.requests;
  totals.failures += run.failures;
  totals.seconds += run.seconds;
  totals.latencies.push(...run.latencies);
  for (const [name, ticks] of Object.entries(run.ticks))
    totals.ticks[name] = (totals.ticks[name] ?? 0) + ticks;
  for (const [name, mb] of Object.entries(run.rssMb))
    totals.rssMb[name] = Math.max(totals.rssMb[name] ?? 0, mb);
}
