/**
 * Shared by the reliability suite: its summary lines, the worker it drives (the real router on fake
 * IndexedDB, with a clock that only moves forward), and what "the stored state is valid" means.
 */
import { mergeImport } from '../../src/background/import-bundle.ts';
import { DEFAULT_SETTINGS, type ExportBundle } from '../../src/core/records.ts';
import { startWorker, testNow, type LoadedWorker } from '../background/tracker-fixtures.ts';

export { CONTENT_SENDER, CONTOSO, FABRIKAM, PAGE_SENDER, TAILSPIN, pageObservation } from '../background/tracker-fixtures.ts';

/** One line per property, in the test output: the figures the suite reports. */
export function summary(line: string): void {
  console.log(`[reliability] ${line}`);
}

/** A worker on a fresh profile, with the tests' clock (it moves a second per reading). */
export async function freshWorker(): Promise<LoadedWorker & { now: () => string }> {
  return { ...(await startWorker()), now: testNow };
}

/**
 * Why the stored state is invalid, or null: everything stored must pass the validators an import
 * applies to a file (src/background/import-bundle.ts), record by record, with nothing rejected.
 */
export async function invalidState(worker: LoadedWorker, now: string): Promise<string | null> {
  const bundle = await worker.data<ExportBundle>({ kind: 'data/export' });
  const empty = { customers: [], subscriptions: [], migrations: [], rules: [], settings: { ...DEFAULT_SETTINGS } };
  const { report } = mergeImport(JSON.stringify(bundle), empty, now);
  if (report.fileRejected || report.rejectedCount > 0) return JSON.stringify(report.rejected.slice(0, 3));
  return null;
}
