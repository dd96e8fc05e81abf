/**
 * The one rule for how long any Partner Center call waits before trying again: the scan's reads, the
 * bulk license moves and the subscription writes all go through PartnerCenterClient, which asks here.
 *
 * Why a floor under Retry-After: the server's value is untrusted. `Retry-After: 0`, `0.001`,
 * `retry-after-ms: 0` or a date in the past would otherwise mean "retry at once", and a throttled
 * tenant would see a storm of requests on the partner's token. So a throttled request always waits
 * max(Retry-After, exponential backoff), and gives up after a number of throttled answers as well as
 * after a total wait: whichever comes first.
 */

export interface RetryPolicy {
  /** Retries after a 5xx or a network error (reads and idempotent writes only). */
  maxRetries: number;
  /** Retries after a 429 (or a 503 with Retry-After) for one request. */
  maxThrottleRetries: number;
  /** Total time one request may spend waiting on throttling before it gives up. */
  maxThrottleWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 5,
  maxThrottleRetries: 10,
  maxThrottleWaitMs: 15 * 60_000,
};

const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;
/** Longer than any real Retry-After; a bigger value is junk, not an instruction to wait a day. */
const RETRY_AFTER_CAP_MS = 3_600_000;

/**
 * Exponential backoff with jitter over the upper half (AWS's "equal jitter"): the n-th retry waits
 * between half and all of min(cap, base·2ⁿ⁻¹), so retries spread out but never come early.
 */
export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (Math.min(1, Math.max(0, random())) * ceiling) / 2);
}

/** The wait before the `attempt`-th retry of a throttled request: never less than the backoff. */
export function throttleDelayMs(retryAfter: number | null, attempt: number, random: () => number): number {
  return Math.max(retryAfter ?? 0, backoffMs(attempt, random));
}

const NUMBER = /^\d+(\.\d+)?$/;

/**
 * Retry-After in seconds or as an HTTP date; Azure's `retry-after-ms` is preferred when present.
 * Only parses: what the value is worth is throttleDelayMs's call.
 */
export function retryAfterMs(headers: { get(name: string): string | null }, now: number): number | null {
  const ms = (headers.get('retry-after-ms') ?? headers.get('x-ms-retry-after-ms'))?.trim();
  if (ms && NUMBER.test(ms)) return Math.min(Number(ms), RETRY_AFTER_CAP_MS);
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (NUMBER.test(value)) return Math.min(Number(value) * 1_000, RETRY_AFTER_CAP_MS);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.min(Math.max(0, date - now), RETRY_AFTER_CAP_MS);
}
