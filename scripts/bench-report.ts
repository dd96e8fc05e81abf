/**
 * What every benchmark reports: its figures judged against the issue's targets (✓/✗), written to
 * bench-results/<name>.json so `scripts/bench.ts` can print one summary of every target.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

export const RESULTS_DIR = 'bench-results';

/** One target of the issue beside the figure measured for it. */
export interface BenchTarget {
  /** What is measured, e.g. "dashboard first render, 10,000 customers". */
  name: string;
  value: number;
  unit: 'ms' | 'KB' | '×' | '%';
  comparison: '≤' | '≥';
  limit: number;
  met: boolean;
}

/** The shape every bench-results/<name>.json of these scripts has (plus the bench's own details). */
export interface BenchResult {
  bench: string;
  measuredAt: string;
  machine: string;
  targets: BenchTarget[];
}

export function target(name: string, value: number, unit: BenchTarget['unit'], comparison: BenchTarget['comparison'], limit: number): BenchTarget {
  const met = comparison === '≤' ? value <= limit : value >= limit;
  return { name, value, unit, comparison, limit, met };
}

export const tick = (met: boolean): string => (met ? '✓' : '✗');

const DIGITS: Record<BenchTarget['unit'], number> = { ms: 1, KB: 2, '×': 2, '%': 1 };
const amount = (value: number, unit: BenchTarget['unit']) => `${value.toFixed(DIGITS[unit])}${unit === '×' ? '×' : ` ${unit}`}`;

/** "412.3 ms (target ≤ 100 ms) ✗" */
export function describeTarget(t: BenchTarget): string {
  return `${amount(t.value, t.unit)} (target ${t.comparison} ${amount(t.limit, t.unit)}) ${tick(t.met)}`;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The machine the figures come from (they vary with its load: the load average is part of the figure). */
export function machine(): string {
  const cores = cpus();
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, Node ${process.version}`;
}

export function writeResult(bench: string, details: object, targets: BenchTarget[]): string {
  const result: BenchResult = { bench, measuredAt: new Date().toISOString(), machine: machine(), targets, ...details };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}/${bench}.json`;
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  return file;
}
