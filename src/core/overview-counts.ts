/**
 * The dashboard overview's counts: customers by phase, and end dates by how soon they fall. The
 * worker counts every customer (its first answer to the dashboard holds only the first rows, with
 * these counts of all of them); the table's filters (src/pages/dashboard/customer-filter.ts) use the
 * same windows, so a count and the list it filters to always agree.
 */
import { TRACKED_PHASES, type DashboardRow, type TrackedPhase } from './tracked-customers.ts';

/** End dates that still cut someone off, by how soon: past, then the next 30, 31–60 and 61–90 days. */
export const END_WINDOWS = ['overdue', 'within-30', 'within-60', 'within-90'] as const;
export type EndWindow = (typeof END_WINDOWS)[number];

/** The window the row's end date falls in, null when it is later, unknown, or no longer threatens anyone. */
export function endWindowOf(row: Pick<DashboardRow, 'urgency' | 'daysLeft'>): EndWindow | null {
  if (row.urgency === null || row.daysLeft === null) return null;
  if (row.daysLeft < 0) return 'overdue';
  if (row.daysLeft <= 30) return 'within-30';
  if (row.daysLeft <= 60) return 'within-60';
  return row.daysLeft <= 90 ? 'within-90' : null;
}

export interface OverviewCounts {
  total: number;
  phases: Record<TrackedPhase, number>;
  windows: Record<EndWindow, number>;
}

/** One pass over the rows: customers by step, and end dates by window. */
export function overviewCounts(rows: readonly DashboardRow[]): OverviewCounts {
  const phases = Object.fromEntries(TRACKED_PHASES.map((p) => [p, 0])) as Record<TrackedPhase, number>;
  const windows = Object.fromEntries(END_WINDOWS.map((w) => [w, 0])) as Record<EndWindow, number>;
  for (const row of rows) {
    phases[row.phase] += 1;
    const window = endWindowOf(row);
    if (window) windows[window] += 1;
  }
  return { total: rows.length, phases, windows };
}
