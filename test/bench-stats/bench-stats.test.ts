import {
  addRun,
  cpuMsPerRequest,
  cpuTicksFromStat,
  emptyTotals,
  growth,
  parseBenchArgs,
  percentile,
  ratio,
  rssMbFromStatus,
  sideOrder,
} from '../../scripts/bench-stats';

/** The pure parts of `npm run bench`; the benchmark itself is a script, never a timed test. */
const KNOWN = ['headline', 'search'];

test('arguments: defaults, both spellings, and refusals', () => {
  expect(parseBenchArgs([], KNOWN)).toEqual({
    duration: 5,
    connections: 10,
    rounds: 2,
    scenarios: [],
    hive: true,
  });
  expect(
    parseBenchArgs(
      [
        '--duration',
        '1.5',
        '--connections=4',
        '--rounds',
        '3',
        '--scenarios',
        'search,headline',
        '--no-hive',
      ],
      KNOWN,
    ),
  ).toEqual({ duration: 1.5, connections: 4, rounds: 3, scenarios: ['search', 'headline'], hive: false });
  expect(() => parseBenchArgs(['--duration', '0'], KNOWN)).toThrow(/positive/);
  expect(() => parseBenchArgs(['--connections'], KNOWN)).toThrow(/positive/);
  expect(() => parseBenchArgs(['--scenarios', 'headline,nope'], KNOWN)).toThrow(/unknown nope/);
  expect(() => parseBenchArgs(['--fast'], KNOWN)).toThrow(/unknown option/);
});

test('CPU ticks from /proc/<pid>/stat, even with spaces and parentheses in the command name', () => {
  // Fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
  const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 56 0 0 20 0 11 0 99';
  expect(cpuTicksFromStat(stat)).toBe(1290);
  expect(() => cpuTicksFromStat('garbage')).toThrow();
  expect(cpuMsPerRequest(150, 100, 300)).toBe(5); // 1.5 s of CPU over 300 requests
  expect(cpuMsPerRequest(150, 100, 0)).toBeNaN();
});

test('RSS, percentiles, ratios, alternating sides, totals over rounds', () => {
  expect(rssMbFromStatus('Name:\tnode\nVmRSS:\t  204800 kB\nThreads: 11\n')).toBe(200);
  expect(rssMbFromStatus('Name:\tnode\n')).toBeNaN();
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
  expect([percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100)]).toEqual([50, 99, 100]);
  expect(percentile([], 50)).toBeNaN();
  expect(ratio(30, 40)).toBe(0.75);
  expect(ratio(1, 0)).toBeNaN();
  expect(sideOrder(['ours', 'hive', 'direct'], 0)).toEqual(['ours', 'hive', 'direct']);
  expect(sideOrder(['ours', 'hive', 'direct'], 1)).toEqual(['direct', 'hive', 'ours']);
  const totals = emptyTotals();
  addRun(totals, {
    requests: 10,
    failures: 1,
    seconds: 2,
    latencies: [3, 1],
    ticks: { gateway: 5 },
    rssMb: { gateway: 100 },
  });
  addRun(totals, {
    requests: 20,
    failures: 0,
    seconds: 2,
    latencies: [2],
    ticks: { gateway: 7 },
    rssMb: { gateway: 90 },
  });
  expect(totals).toEqual({
    requests: 30,
    failures: 1,
    seconds: 4,
    latencies: [3, 1, 2],
    ticks: { gateway: 12 },
    rssMb: { gateway: 100 },
  });
});

test('the large data set: its URL, refused when not a postgres URL, and the large/small ratios', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/sales_large_copy';
  expect(parseBenchArgs(['--large-database-url', url], KNOWN).largeDatabaseUrl).toBe(url);
  expect(parseBenchArgs([`--large-database-url=${url}`], KNOWN).largeDatabaseUrl).toBe(url);
  expect(parseBenchArgs([], KNOWN).largeDatabaseUrl).toBeUndefined();
  expect(() => parseBenchArgs(['--large-database-url'], KNOWN)).toThrow(/postgres:\/\/ URL, got nothing/);
  expect(() => parseBenchArgs(['--large-database-url', 'sales_large'], KNOWN)).toThrow(/postgres:\/\//);
  // p50 of [10, 20, 30] is 20, of [20, 40, 60, 80] is 40: twice as slow, at half the rate.
  expect(
    growth({ sortedLatencies: [10, 20, 30], rps: 100 }, { sortedLatencies: [20, 40, 60, 80], rps: 50 }),
  ).toEqual({ p50: 2, rps: 0.5 });
  expect(growth({ sortedLatencies: [], rps: 0 }, { sortedLatencies: [5], rps: 1 })).toEqual({
    p50: NaN,
    rps: NaN,
  });
});
