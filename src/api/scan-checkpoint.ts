/**
 * Where a "Scan all customers" run stands, as plain JSON. The scan saves it (through the worker)
 * after each batch, so closing the dashboard or restarting the browser loses at most the customers
 * in flight, which are simply read again (recording is idempotent: a rescan updates).
 *
 * It always fits the worker's size limit, whatever the API sends: a customers page is taken in
 * chunks (`pending` holds one chunk, bounded in count and JSON size; `page` says how far into the
 * page the scan is, so a resume lists that page again and skips what was taken), and the oldest
 * failures give way when the rest would not fit.
 */
import { LIMITS } from '../messages.ts';

export interface PendingCustomer {
  id: string;
  name: string | null;
  relationship: string | null;
}

export interface ScanFailure {
  customerId: string;
  name: string | null;
  /** An ApiErrorKind, or 'rejected' when the worker refused to record what was read for this customer. */
  kind: string;
  message: string;
}

export type ScanState = 'running' | 'paused' | 'done' | 'failed';

export interface ScanCheckpoint {
  version: 1;
  /** Also the MS-CorrelationId of every request of this scan. */
  scanId: string;
  state: ScanState;
  startedAt: string;
  updatedAt: string;
  pageSize: number;
  /** Continuation token for the customers page after the one `pending` came from. */
  nextPageToken: string | null;
  /** True once the last customers page has been listed. */
  listingDone: boolean;
  pagesListed: number;
  /** Customers listed but not yet read: one chunk of the current page. */
  pending: PendingCustomer[];
  /**
   * The customers page `pending` comes from: the token that listed it (null: the first page), how
   * many of its customers have been taken into `pending` so far, and how many it has. Absent in
   * checkpoints from before pages were chunked (their page is always wholly taken).
   */
  page?: PageCursor;
  /** `totalCount` as the API reported it, when it did. */
  reportedTotal: number | null;
  counts: {
    customersDone: number;
    withRetired: number;
    retiredSubscriptions: number;
    expiring: number;
    failed: number;
  };
  /** The most recent per-customer failures (bounded). */
  failures: ScanFailure[];
  /** Time spent actually scanning, across resumes: the basis of the rate and the time left. */
  activeMs: number;
  /** Why the scan stopped, when it stopped on an error. */
  stopReason: { kind: string; message: string } | null;
  /** Times the listing restarted from the first page because a continuation token had expired. */
  relisted: number;
}

export interface PageCursor {
  token: string | null;
  taken: number;
  items: number;
}

export const MAX_FAILURES_KEPT = 50;
const MAX_PENDING = 1_000;
/** A chunk of a page: this many customers at most, and this much of the checkpoint's JSON. */
const CHUNK_CUSTOMERS = 250;
const CHUNK_JSON = 96 * 1024;

/** The next chunk of a page's customers to put in `pending`: never empty when `rest` is not. */
export function nextChunk(rest: readonly PendingCustomer[]): PendingCustomer[] {
  let size = 0;
  let count = 0;
  while (count < rest.length && count < CHUNK_CUSTOMERS) {
    size += JSON.stringify(rest[count]).length + 1;
    if (size > CHUNK_JSON && count > 0) break;
    count += 1;
  }
  return rest.slice(0, count);
}

/** True while the current page still has customers not taken into `pending`. */
export function pageHasMore(checkpoint: ScanCheckpoint): boolean {
  return checkpoint.page !== undefined && checkpoint.page.taken < checkpoint.page.items;
}

/** The checkpoint, with its oldest failures dropped if that is what it takes to fit the worker's limit. */
export function fitToLimit(checkpoint: ScanCheckpoint, limit: number = LIMITS.checkpointLength): ScanCheckpoint {
  let excess = JSON.stringify(checkpoint).length - limit;
  if (excess <= 0) return checkpoint;
  const failures = [...checkpoint.failures];
  while (excess > 0 && failures.length > 0) excess -= JSON.stringify(failures.shift()).length + 1;
  return { ...checkpoint, failures };
}

export function newCheckpoint(scanId: string, now: string, pageSize: number): ScanCheckpoint {
  return {
    version: 1,
    scanId,
    state: 'running',
    startedAt: now,
    updatedAt: now,
    pageSize,
    nextPageToken: null,
    listingDone: false,
    pagesListed: 0,
    pending: [],
    reportedTotal: null,
    counts: { customersDone: 0, withRetired: 0, retiredSubscriptions: 0, expiring: 0, failed: 0 },
    failures: [],
    activeMs: 0,
    stopReason: null,
    relisted: 0,
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isShortString = (v: unknown, max = 500): v is string => typeof v === 'string' && v.length <= max;
const isNullableString = (v: unknown, max = 500): v is string | null => v === null || isShortString(v, max);

/** A checkpoint read back from storage is untrusted: anything off-shape is treated as "no checkpoint". */
export function isScanCheckpoint(value: unknown): value is ScanCheckpoint {
  if (!isObject(value) || value.version !== 1) return false;
  const counts = value.counts;
  return (
    isShortString(value.scanId, 100) &&
    ['running', 'paused', 'done', 'failed'].includes(value.state as string) &&
    isShortString(value.startedAt, 40) &&
    isShortString(value.updatedAt, 40) &&
    isCount(value.pageSize) &&
    isNullableString(value.nextPageToken, 20_000) &&
    typeof value.listingDone === 'boolean' &&
    isCount(value.pagesListed) &&
    Array.isArray(value.pending) &&
    value.pending.length <= MAX_PENDING &&
    value.pending.every((p: unknown) => isObject(p) && isShortString(p.id, 100) && isNullableString(p.name) && isNullableString(p.relationship, 100)) &&
    (value.reportedTotal === null || isCount(value.reportedTotal)) &&
    isObject(counts) &&
    ['customersDone', 'withRetired', 'retiredSubscriptions', 'expiring', 'failed'].every((k) => isCount(counts[k])) &&
    Array.isArray(value.failures) &&
    value.failures.length <= MAX_FAILURES_KEPT &&
    value.failures.every((f: unknown) => isObject(f) && isShortString(f.customerId, 100) && isNullableString(f.name) && isShortString(f.kind, 50) && isShortString(f.message, 1_000)) &&
    (value.page === undefined || (isObject(value.page) && isNullableString(value.page.token, 20_000) && isCount(value.page.taken) && isCount(value.page.items))) &&
    isCount(value.activeMs) &&
    isCount(value.relisted) &&
    (value.stopReason === null || (isObject(value.stopReason) && isShortString(value.stopReason.kind, 50) && isShortString(value.stopReason.message, 1_000)))
  );
}

/** True when a scan can be resumed from this checkpoint. */
export function isResumable(checkpoint: ScanCheckpoint | null): checkpoint is ScanCheckpoint {
  return checkpoint !== null && (checkpoint.state === 'running' || checkpoint.state === 'paused' || checkpoint.state === 'failed');
}
