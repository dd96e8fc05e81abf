/**
 * The scan as it runs in an extension page: the Partner Center client of the active connection
 * (./api-connection.tsx: the Partner Center session or a Microsoft sign-in), results and checkpoints
 * sent to the worker (the only writer), and a Web Lock so that two open dashboards never scan at the
 * same time. Tokens never reach the worker through here: it receives only the observations and the
 * checkpoint.
 */
import type { JsonValue } from '../../core/records.ts';
import { send } from '../shared/worker-client.ts';
import { realClock } from '../../api/clock.ts';
import { runCustomerScan } from '../../api/customer-scan.ts';
import type { PartnerCenterClient } from '../../api/partner-center-client.ts';
import { isScanCheckpoint, type ScanCheckpoint } from '../../api/scan-checkpoint.ts';
import type { RetirementRule } from '../../core/catalog.ts';

const SCAN_LOCK = 'sku-shift-customer-scan';
/**
 * Customers per page. The page's unread customers travel in every checkpoint write (one per
 * customer), so a page of 100 keeps each write small (~10 KB) while listing stays ~1% of requests.
 */
const PAGE_SIZE = 100;

export async function loadCheckpoint(): Promise<ScanCheckpoint | null> {
  const stored = await send({ kind: 'scan/checkpoint-get' });
  return isScanCheckpoint(stored) ? stored : null;
}

/** True when another page of this extension is scanning right now. */
export async function scanRunningElsewhere(): Promise<boolean> {
  if (!('locks' in navigator)) return false;
  const state = await navigator.locks.query();
  return (state.held ?? []).some((lock) => lock.name === SCAN_LOCK);
}

export type ScanOutcome = { kind: 'finished'; checkpoint: ScanCheckpoint } | { kind: 'busy' };

export async function runScanHere(options: {
  client: PartnerCenterClient;
  /** Also the client's MS-CorrelationId: the resumed scan's own, or a new one. */
  scanId: string;
  resumeFrom: ScanCheckpoint | null;
  rules: readonly RetirementRule[];
  signal: AbortSignal;
  onProgress(checkpoint: ScanCheckpoint): void;
}): Promise<ScanOutcome> {
  const body = async (): Promise<ScanOutcome> => {
    const checkpoint = await runCustomerScan({
      client: options.client,
      clock: realClock,
      signal: options.signal,
      scanId: options.scanId,
      checkpoint: options.resumeFrom,
      pageSize: PAGE_SIZE,
      rules: options.rules,
      onProgress: options.onProgress,
      sink: {
        record: async (observations) => {
          await send({ kind: 'observations/record', observations });
        },
        saveCheckpoint: async (cp) => {
          await send({ kind: 'scan/checkpoint-put', checkpoint: cp as unknown as JsonValue });
        },
      },
    });
    return { kind: 'finished', checkpoint };
  };
  if (!('locks' in navigator)) return body();
  return navigator.locks.request(SCAN_LOCK, { ifAvailable: true }, async (lock) => (lock ? body() : { kind: 'busy' as const }));
}
