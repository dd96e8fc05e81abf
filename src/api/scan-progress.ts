/** What the progress bar shows, derived from a checkpoint: counts, fraction, rate and time left. */
import type { ScanCheckpoint } from './scan-checkpoint.ts';

export interface ScanProgress {
  done: number;
  /** Best known total: the API's totalCount, or at least what has been listed so far. */
  total: number;
  /** False while more customer pages may still come and the API gave no total. */
  totalKnown: boolean;
  /** 0..1 */
  fraction: number;
  /** Customers per minute over the time spent scanning; null until there is something to measure. */
  perMinute: number | null;
  /** null when unknown (no rate yet, or the total is not known). */
  msLeft: number | null;
}

/** Below this much scanning time a rate is noise. */
const MIN_SAMPLE_MS = 2_000;

export function scanProgress(checkpoint: ScanCheckpoint): ScanProgress {
  const done = checkpoint.counts.customersDone + checkpoint.counts.failed;
  const listed = done + checkpoint.pending.length;
  const reported = checkpoint.reportedTotal ?? 0;
  const totalKnown = checkpoint.listingDone || reported > listed;
  const total = checkpoint.listingDone ? listed : Math.max(reported, listed);
  const perMs = checkpoint.activeMs >= MIN_SAMPLE_MS && done > 0 ? done / checkpoint.activeMs : null;
  const fraction = checkpoint.state === 'done' ? 1 : total > 0 ? Math.min(1, done / total) : 0;
  return {
    done,
    total,
    totalKnown,
    fraction,
    perMinute: perMs === null ? null : perMs * 60_000,
    msLeft: perMs === null || !totalKnown ? null : Math.max(0, (total - done) / perMs),
  };
}
