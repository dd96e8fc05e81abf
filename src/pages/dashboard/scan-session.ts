/**
 * The scan as it runs in an extension page: the Partner Center client with this page's sign-in,
 * results and checkpoints sent to the worker (the only writer), and a Web Lock so that two open
 * dashboards never scan at the same time. Tokens stay in this page: the worker receives only the
 * observations and the checkpoint.
 */
import type { JsonValue } from '../../core/records.ts';
import { send } from '../shared/worker-client.ts';
import { realClock } from '../../api/clock.ts';
import { runCustomerScan } from '../../api/customer-scan.ts';
import { PartnerCenterClient, PartnerCenterError, randomId } from '../../api/partner-center-client.ts';
import { isScanCheckpoint, type ScanCheckpoint } from '../../api/scan-checkpoint.ts';
import type { MicrosoftSignIn } from '../../api/microsoft-signin.ts';
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
  signIn: MicrosoftSignIn;
  resumeFrom: ScanCheckpoint | null;
  rules: readonly RetirementRule[];
  signal: AbortSignal;
  onProgress(checkpoint: ScanCheckpoint): void;
  /** For tests and the bench: where the API is. */
  baseUrl?: string;
}): Promise<ScanOutcome> {
  const body = async (): Promise<ScanOutcome> => {
    const scanId = options.resumeFrom?.scanId ?? randomId();
    const client = new PartnerCenterClient({
      fetch: (url, init) => fetch(url, { ...init, cache: 'no-store', credentials: 'omit' }),
      clock: realClock,
      correlationId: scanId,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      getAccessToken: async (forceRefresh) => {
        try {
          return await options.signIn.accessToken(forceRefresh);
        } catch (error) {
          // The refresh failed (revoked, expired): the partner must sign in again, then resume.
          const message = error instanceof Error ? error.message : 'sign-in needed';
          throw new PartnerCenterError('unauthorized', null, message.slice(0, 300), scanId);
        }
      },
    });
    const checkpoint = await runCustomerScan({
      client,
      clock: realClock,
      signal: options.signal,
      scanId,
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
