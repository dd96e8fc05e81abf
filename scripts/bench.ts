/**
 * `npm run bench`: every benchmark, one after the other, each in its own process (one that crashes
 * does not stop the others), then one summary of every target beside its figure (✓/✗).
 * Benchmarks, not tests: a target missed never fails the run; a benchmark that crashes does (exit 1).
 *
 * `npm run bench -- longtasks dashboard` runs only those. Each benchmark writes
 * bench-results/<name>.json; this writes bench-results/summary.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describeTarget, target, tick, writeResult, type BenchTarget } from './bench-report.ts';

interface Bench {
  name: string;
  script: string;
  /** Its environment, beside this process's. */
  env?: Record<string, string>;
  /** The targets in its results file (older result formats have none: derived here). */
  targets(result: Record<string, unknown>): BenchTarget[];
}

const own = (result: Record<string, unknown>): BenchTarget[] => (Array.isArray(result.targets) ? (result.targets as BenchTarget[]) : []);

/** bench-content.ts's results (owned apart; its format has no `targets` list yet). */
function contentTargets(result: Record<string, unknown>): BenchTarget[] {
  if (Array.isArray(result.targets)) return own(result);
  const grids = (result.grids ?? []) as Array<{ rows: number; floorMs: number; initialMs: number; ratio: number }>;
  const found: BenchTarget[] = grids.map((g) =>
    // Issue 11: ≤ 2× the floor on 1,000 and 5,000 rows; on 100 rows at most 5 ms above it.
    g.rows <= 100
      ? target(`first annotation above the floor, ${g.rows.toLocaleString('en-US')} rows`, g.initialMs - g.floorMs, 'ms', '≤', 5)
      : target(`first annotation / floor, ${g.rows.toLocaleString('en-US')} rows`, g.ratio, '×', '≤', 2),
  );
  const append = result.appendTenRows as { percentOfFullPass?: number } | undefined;
  if (typeof append?.percentOfFullPass === 'number') found.push(target('+10 rows on 5,000, share of the full pass', append.percentOfFullPass, '%', '≤', 2));
  const today = result.todayGrid as { rows: number; profile: { longestMs: number } } | null | undefined;
  if (today) found.push(target(`longest unit of our work, today's ${today.rows.toLocaleString('en-US')}-row grid filled in place`, today.profile.longestMs, 'ms', '≤', 50));
  return found;
}

/** The API allowance benches' results ({ results: [{ name, usedPercent }] }, no `targets` list). */
function allowanceTargets(result: Record<string, unknown>): BenchTarget[] {
  if (Array.isArray(result.targets)) return own(result);
  const scenarios = (result.results ?? []) as Array<{ name: string; usedPercent: number }>;
  return scenarios.map((s) => target(`API allowance used, ${s.name}`, s.usedPercent, '%', '≥', 90));
}

const BENCHES: Bench[] = [
  { name: 'content', script: 'scripts/bench-content.ts', targets: contentTargets },
  { name: 'longtasks', script: 'scripts/bench-longtasks.ts', targets: own },
  { name: 'longtasks-today', script: 'scripts/bench-longtasks.ts', env: { BENCH_LONGTASKS_GRID: 'today' }, targets: own },
  { name: 'bytes', script: 'scripts/bench-bytes.ts', targets: own },
  { name: 'dashboard', script: 'scripts/bench-dashboard.ts', targets: own },
  { name: 'scan', script: 'scripts/bench-scan.ts', targets: allowanceTargets },
  { name: 'license-move', script: 'scripts/bench-license-move.ts', targets: allowanceTargets },
];

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !BENCHES.some((b) => b.name === name));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
const selected = asked.length ? BENCHES.filter((b) => asked.includes(b.name)) : BENCHES;

interface Outcome {
  bench: string;
  seconds: number;
  /** null when the benchmark crashed or wrote no fresh results. */
  targets: BenchTarget[] | null;
}

const outcomes: Outcome[] = [];
const started = Date.now();
for (const bench of selected) {
  console.log(`\n━━ ${bench.name} (${bench.script})`);
  const since = Date.now();
  // The same Node and loader flags (tsx) as this process.
  const run = spawnSync(process.execPath, [...process.execArgv, bench.script], { stdio: 'inherit', env: { ...process.env, ...bench.env } });
  const seconds = (Date.now() - since) / 1000;
  const file = `bench-results/${bench.name}.json`;
  let targets: BenchTarget[] | null = null;
  if (run.status === 0 && existsSync(file)) {
    const result = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const measuredAt = typeof result.measuredAt === 'string' ? Date.parse(result.measuredAt) : NaN;
    if (measuredAt >= since - 1000) targets = bench.targets(result);
  }
  if (!targets) console.log(`${bench.name}: FAILED (exit ${run.status ?? run.signal}); no fresh ${file}`);
  outcomes.push({ bench: bench.name, seconds, targets });
}
const totalSeconds = (Date.now() - started) / 1000;

console.log(`\n━━ Summary: every target, ${new Date().toISOString()}, ${totalSeconds.toFixed(0)} s`);
const width = Math.max(...outcomes.flatMap((o) => (o.targets ?? []).map((t) => t.name.length)), 20);
for (const o of outcomes) {
  if (!o.targets) console.log(`${o.bench.padEnd(10)} │ ${'(benchmark failed: no figures)'.padEnd(width)} │`);
  for (const t of o.targets ?? []) console.log(`${o.bench.padEnd(10)} │ ${t.name.padEnd(width)} │ ${describeTarget(t)}`);
}
const all = outcomes.flatMap((o) => (o.targets ?? []).map((t) => ({ bench: o.bench, ...t })));
const failed = outcomes.filter((o) => !o.targets).map((o) => o.bench);
console.log(`${all.filter((t) => t.met).length} of ${all.length} targets met ${tick(all.every((t) => t.met))}` + (failed.length ? `; failed: ${failed.join(', ')}` : ''));
console.log(`time: ${outcomes.map((o) => `${o.bench} ${o.seconds.toFixed(0)} s`).join(', ')}; total ${totalSeconds.toFixed(0)} s`);
const file = writeResult(
  'summary',
  {
    totalSeconds,
    benches: outcomes.map((o) => ({ bench: o.bench, seconds: o.seconds, ok: o.targets !== null })),
  },
  all,
);
console.log(`written: ${file}`);
if (failed.length) process.exitCode = 1;
