/**
 * "Scan all customers": list every customer page by page, read each customer's subscriptions with
 * bounded, throttle-adaptive parallelism, record what the catalog flags, and save a checkpoint.
 *
 * Recording is batched: what has been read is sent to the worker in one `observations/record` per
 * batch (every BATCH_SIZE customers or BATCH_MS, whichever comes first), then the checkpoint drops
 * exactly those customers from `pending`. So the worker runs one transaction and one broadcast per
 * batch instead of per customer (thousands of customers would otherwise make every open view
 * re-read thousands of times), and an interruption loses at most one batch, which is read again.
 * Recording is an upsert per customer, so reading a customer twice never duplicates anything.
 * Pure of extension APIs: the page wires it to the worker, Node tests to fakes.
 */
import type { CustomerObservation } from '../core/observation.ts';
import type { RetirementRule } from '../core/catalog.ts';
import { CommandError } from '../messages.ts';
import type { Clock } from './clock.ts';
import { observeCustomer, type CustomerFindings } from './customer-findings.ts';
import { PartnerCenterError, type PartnerCenterClient } from './partner-center-client.ts';
import type { ApiCustomer } from './partner-center-types.ts';
import { fitToLimit, MAX_FAILURES_KEPT, newCheckpoint, nextChunk, pageHasMore, type PendingCustomer, type ScanCheckpoint, type ScanFailure } from './scan-checkpoint.ts';

export interface ScanSink {
  /**
   * Upsert these customers' observations in the tracker, in one go. Rejects with a CommandError
   * 'invalid-command' or 'too-large' when the worker refuses the batch (nothing of it is written).
   */
  record(observations: CustomerObservation[]): Promise<void>;
  saveCheckpoint(checkpoint: ScanCheckpoint): Promise<void>;
}

export interface ScanOptions {
  client: Pick<PartnerCenterClient, 'listCustomers' | 'listSubscriptions'>;
  sink: ScanSink;
  clock: Clock;
  signal: AbortSignal;
  /** Resume from here; a fresh scan otherwise. */
  checkpoint?: ScanCheckpoint | null;
  scanId: string;
  pageSize?: number;
  /** Customers read at the same time; the client's limiter still caps requests in flight. */
  workers?: number;
  rules?: readonly RetirementRule[];
  /** Customer pages one run may list (a broken API's endless listing stops here; resume goes on). */
  maxPagesPerRun?: number;
  onProgress?(checkpoint: ScanCheckpoint): void;
}

/** Customers per recording batch, and the longest a read customer waits to be recorded. */
export const BATCH_SIZE = 25;
export const BATCH_MS = 1_000;

/**
 * Errors that concern one customer: note them and go on (a session refused for one customer's
 * subscriptions too). Anything else stops the scan (resumable).
 */
const PER_CUSTOMER: ReadonlySet<string> = new Set(['forbidden', 'not-found', 'bad-response', 'http', 'session-refused']);
/** The borrowed Partner Center session is gone or refused (the listing itself): pause, to resume once the partner signs in again. */
const SESSION_PAUSES: ReadonlySet<string> = new Set(['session-unavailable', 'session-expired', 'session-refused']);

export const MAX_PAGES_PER_RUN = 5_000;
/** Empty customer pages in a row that still point to a next one: past this, the listing is broken. */
export const MAX_EMPTY_PAGES = 3;

/** The scan stops on purpose, with a reason the UI explains (not an API error). */
class ScanStop extends Error {
  constructor(
    readonly kind: 'endless-listing' | 'page-limit',
    readonly state: 'paused' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function isExpiredCursor(error: unknown, cp: ScanCheckpoint): boolean {
  return cp.pagesListed > 0 && error instanceof PartnerCenterError && (error.kind === 'http' || error.kind === 'not-found') && (error.status === 400 || error.status === 404 || error.status === 410);
}

/** The worker refused what it was sent (as opposed to failing to write it): the same data always will be. */
function isRefusal(error: unknown): error is CommandError {
  return error instanceof CommandError && (error.code === 'invalid-command' || error.code === 'too-large');
}

/**
 * Records a batch; if the worker refuses it, records its observations one by one, so that one record
 * it will not take fails that customer alone instead of the batch, and the scan (and every resume,
 * which would read the same batch again) goes on. Returns the refused customers with the reason.
 */
async function recordIsolatingRefusals(sink: ScanSink, observations: CustomerObservation[]): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  try {
    await sink.record(observations);
    return refused;
  } catch (error) {
    if (!isRefusal(error)) throw error;
    if (observations.length === 1) {
      refused.set(observations[0]!.customerId, error.message);
      return refused;
    }
  }
  for (const observation of observations) {
    try {
      await sink.record([observation]);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      refused.set(observation.customerId, error.message);
    }
  }
  return refused;
}

type ReadResult = { customer: PendingCustomer } & ({ findings: CustomerFindings } | { failure: ScanFailure });

export async function runCustomerScan(options: ScanOptions): Promise<ScanCheckpoint> {
  const { client, sink, clock } = options;
  // One worker's fatal error stops the others too; `options.signal` alone means "the user cancelled".
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  let firstError: unknown = null;
  let relisted = false;
  const started = clock.now();
  const base = options.checkpoint ? structuredClone(options.checkpoint) : newCheckpoint(options.scanId, new Date(started).toISOString(), options.pageSize ?? 100);
  const activeBefore = base.activeMs;
  const cp: ScanCheckpoint = { ...base, state: 'running', stopReason: null };

  const touch = () => {
    cp.activeMs = activeBefore + (clock.now() - started);
    cp.updatedAt = new Date(clock.now()).toISOString();
  };
  const save = async (): Promise<void> => {
    touch();
    options.onProgress?.(cp);
    await sink.saveCheckpoint(fitToLimit(structuredClone(cp)));
  };

  // Read customers wait here until their batch is recorded; flushes run one after the other.
  let batch: ReadResult[] = [];
  let lastFlush = clock.now();
  let flushing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    flushing = flushing.then(async () => {
      const items = batch;
      batch = [];
      lastFlush = clock.now();
      if (items.length === 0) return;
      // Every customer read is sent, even with nothing to track: its complete (empty) list is what
      // clears what an earlier scan recorded for it.
      const observations = items.flatMap((item) => ('findings' in item ? [item.findings.observation] : []));
      const refused = observations.length > 0 ? await recordIsolatingRefusals(sink, observations) : new Map<string, string>();
      // Only now, with the records written, do these customers leave the pending list.
      const done = new Set(items.map((item) => item.customer.id));
      cp.pending = cp.pending.filter((p) => !done.has(p.id));
      const fail = (failure: ScanFailure) => {
        cp.counts.failed += 1;
        cp.failures = [...cp.failures, failure].slice(-MAX_FAILURES_KEPT);
      };
      for (const item of items) {
        if ('failure' in item) {
          fail(item.failure);
          continue;
        }
        const refusal = refused.get(item.customer.id);
        if (refusal !== undefined) {
          fail({ customerId: item.customer.id, name: item.customer.name, kind: 'rejected', message: refusal.slice(0, 1_000) });
          continue;
        }
        cp.counts.customersDone += 1;
        if (item.findings.retired > 0) cp.counts.withRetired += 1;
        cp.counts.retiredSubscriptions += item.findings.retired;
        cp.counts.expiring += item.findings.expiring;
      }
      await save();
    });
    return flushing;
  };

  const readCustomer = async (customer: PendingCustomer): Promise<void> => {
    const apiCustomer: ApiCustomer = { id: customer.id, companyName: customer.name, domain: null, relationshipToPartner: customer.relationship };
    try {
      const subscriptions = await client.listSubscriptions(customer.id, signal);
      const now = clock.now();
      const findings = observeCustomer(apiCustomer, subscriptions, {
        today: isoDay(now),
        seenAt: new Date(now).toISOString(),
        ...(options.rules ? { rules: options.rules } : {}),
      });
      batch.push({ customer, findings });
    } catch (error) {
      if (!(error instanceof PartnerCenterError) || !PER_CUSTOMER.has(error.kind)) throw error;
      batch.push({ customer, failure: { customerId: customer.id, name: customer.name, kind: error.kind, message: error.message.slice(0, 1_000) } });
    }
    // Readers don't wait for the write: reading goes on while the worker records the batch.
    if (batch.length >= BATCH_SIZE || clock.now() - lastFlush >= BATCH_MS) {
      flush().catch((error: unknown) => {
        if (!signal.aborted) {
          firstError = error;
          stop.abort(error);
        }
      });
    }
  };

  const maxPages = options.maxPagesPerRun ?? MAX_PAGES_PER_RUN;
  let pagesThisRun = 0;
  let emptyPages = 0;
  /** The current page's customers not yet taken into `pending`; null after a resume (not in memory). */
  let pageRest: PendingCustomer[] | null = null;

  /**
   * One customers page. A continuation token is a server-side cursor that expires (a scan resumed
   * days later): listing again from the first page is safe, since recording is an upsert, so
   * customers read before are only read again, never duplicated. Once per run, so a broken API can't
   * loop. Null when the listing restarted.
   */
  const listPage = async (token: string | null) => {
    try {
      return await client.listCustomers(cp.pageSize, token, signal);
    } catch (error) {
      if (!isExpiredCursor(error, cp) || relisted) throw error;
      relisted = true;
      cp.pagesListed = 0;
      cp.nextPageToken = null;
      delete cp.page;
      pageRest = null;
      cp.relisted += 1;
      // Every customer is read again: count from zero so the totals end exact.
      cp.counts = { customersDone: 0, withRetired: 0, retiredSubscriptions: 0, expiring: 0, failed: 0 };
      cp.failures = [];
      return null;
    }
  };
  // Names are bounded so a chunk of customers always fits the worker's checkpoint size limit.
  const toPending = (c: ApiCustomer): PendingCustomer => ({ id: c.id, name: c.companyName?.slice(0, 200) ?? null, relationship: c.relationshipToPartner });

  /** Moves the next chunk of the current page into `pending`, listing the page again after a resume. */
  const takeChunk = async (): Promise<void> => {
    const page = cp.page!;
    if (pageRest === null) {
      const again = await listPage(page.token);
      if (again === null) return;
      pageRest = again.items.map(toPending).slice(page.taken);
    }
    const chunk = nextChunk(pageRest);
    pageRest = pageRest.slice(chunk.length);
    cp.pending = chunk;
    page.taken += chunk.length;
    // A page listed again may have shrunk: what is not there is not coming.
    if (pageRest.length === 0) page.items = page.taken;
    await save();
  };

  try {
    for (;;) {
      signal.throwIfAborted();
      if (cp.pending.length === 0) {
        if (pageHasMore(cp)) {
          await takeChunk();
          continue;
        }
        if (cp.listingDone) break;
        if (pagesThisRun >= maxPages) {
          throw new ScanStop('page-limit', 'paused', `listed ${pagesThisRun} customer pages in this run; resume to go on`);
        }
        const token = cp.pagesListed === 0 ? null : cp.nextPageToken;
        const page = await listPage(token);
        if (page === null) continue;
        pagesThisRun += 1;
        cp.pagesListed += 1;
        cp.nextPageToken = page.continuationToken;
        cp.listingDone = page.continuationToken === null;
        if (page.totalCount !== null) cp.reportedTotal = page.totalCount;
        emptyPages = page.items.length === 0 && !cp.listingDone ? emptyPages + 1 : 0;
        if (emptyPages >= MAX_EMPTY_PAGES) {
          throw new ScanStop('endless-listing', 'failed', `Partner Center sent ${emptyPages} empty customer pages in a row, each pointing to another`);
        }
        pageRest = page.items.map(toPending);
        cp.page = { token, taken: 0, items: pageRest.length };
        if (pageRest.length === 0) await save();
        else await takeChunk();
        continue;
      }
      // Read this page's customers with a small pool of workers pulling from one queue.
      const queue = [...cp.pending];
      const worker = async () => {
        try {
          for (let next = queue.shift(); next; next = queue.shift()) {
            signal.throwIfAborted();
            await readCustomer(next);
          }
        } catch (error) {
          if (!signal.aborted) {
            firstError = error;
            stop.abort(error);
          }
          throw error;
        }
      };
      await Promise.allSettled(Array.from({ length: Math.max(1, options.workers ?? 8) }, worker));
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the workers' first error, rethrown as it was caught
      if (firstError !== null) throw firstError;
      signal.throwIfAborted();
      await flush();
    }
    cp.state = 'done';
  } catch (caught) {
    const error = firstError ?? caught;
    if (options.signal.aborted) {
      cp.state = 'paused';
    } else if (error instanceof ScanStop) {
      cp.state = error.state;
      cp.stopReason = { kind: error.kind, message: error.message };
    } else if (error instanceof PartnerCenterError && SESSION_PAUSES.has(error.kind)) {
      cp.state = 'paused';
      cp.stopReason = { kind: error.kind, message: error.message.slice(0, 1_000) };
    } else {
      cp.state = 'failed';
      cp.stopReason =
        error instanceof PartnerCenterError
          ? { kind: error.kind, message: error.message.slice(0, 1_000) }
          : { kind: 'unexpected', message: (error instanceof Error ? error.message : String(error)).slice(0, 1_000) };
    }
  }
  // What was read before the stop is still worth recording; if the worker itself is what failed,
  // the customers simply stay pending.
  try {
    await flush();
  } catch {
    /* already reported as the stop reason */
  }
  touch();
  options.onProgress?.(cp);
  await sink.saveCheckpoint(fitToLimit(structuredClone(cp)));
  return cp;
}
