/**
 * A typed Partner Center REST client: plain fetch, so it runs in an extension page, in Node tests
 * with a fake fetch, or in the bench. It pages with continuation tokens, honours 429 Retry-After
 * (shared by every concurrent request through the AdaptiveLimiter), backs off exponentially on 5xx
 * and network errors, refreshes the token once on 401, tags every request with MS-RequestId and
 * MS-CorrelationId, and stops as soon as its AbortSignal aborts. It never sees where the token comes
 * from and never logs it.
 */
import { AdaptiveLimiter, type LimiterStats } from './adaptive-limiter.ts';
import type { Clock } from './clock.ts';
import {
  parseApiError,
  parseCustomerPage,
  parseSubscriptionList,
  type ApiCustomerPage,
  type ApiSubscription,
} from './partner-center-types.ts';

export const PARTNER_CENTER_API = 'https://api.partnercenter.microsoft.com';

/** Why a request failed, as a code the UI turns into an actionable message. */
export type ApiErrorKind =
  | 'unauthorized' // 401 even after a fresh token: sign in again
  | 'forbidden' // 403: the signed-in user has no Partner Center role that allows this
  | 'not-found'
  | 'throttled' // still throttled after the wait budget
  | 'server' // 5xx after every retry
  | 'network' // no answer after every retry
  | 'bad-response' // an answer that is not the documented shape
  | 'http'; // any other status

export class PartnerCenterError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number | null,
    message: string,
    readonly requestId: string,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'PartnerCenterError';
  }
}

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; signal?: AbortSignal }) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface ClientOptions {
  fetch: FetchLike;
  /** A bearer token; `forceRefresh` after a 401. The client never stores or logs it. */
  getAccessToken(forceRefresh: boolean): Promise<string>;
  clock: Clock;
  baseUrl?: string;
  /** One id for a whole scan, so Microsoft support can find every request of it. */
  correlationId?: string;
  newId?: () => string;
  random?: () => number;
  concurrency?: { initial: number; max: number };
  /** Retries for 5xx and network errors (429s are governed by `maxThrottleWaitMs`). */
  maxRetries?: number;
  /** Total time one request may spend waiting on Retry-After before giving up. */
  maxThrottleWaitMs?: number;
  /** Called for every HTTP answer (status only): the bench and the UI count 429s with it. */
  onResponse?(status: number): void;
}

export interface RequestStats extends LimiterStats {
  requests: number;
  throttled: number;
  serverErrors: number;
  networkErrors: number;
}

const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;
const TOKEN_REASK_MS = 4 * 60_000;

/** Retry-After in seconds or as an HTTP date; Azure's retry-after-ms is preferred when present. */
export function retryAfterMs(headers: { get(name: string): string | null }, now: number): number | null {
  const ms = headers.get('retry-after-ms') ?? headers.get('x-ms-retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.min(Number(ms), 3_600_000);
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.min(Number(value) * 1_000, 3_600_000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.min(Math.max(0, date - now), 3_600_000);
}

export function randomId(): string {
  return crypto.randomUUID();
}

export class PartnerCenterClient {
  readonly limiter: AdaptiveLimiter;
  readonly #options: ClientOptions;
  readonly #baseUrl: string;
  readonly #newId: () => string;
  readonly #random: () => number;
  #token: Promise<string> | null = null;
  #tokenAskedAt = 0;
  #counts = { requests: 0, throttled: 0, serverErrors: 0, networkErrors: 0 };

  constructor(options: ClientOptions) {
    this.#options = options;
    this.#baseUrl = (options.baseUrl ?? PARTNER_CENTER_API).replace(/\/$/, '');
    this.#newId = options.newId ?? randomId;
    this.#random = options.random ?? Math.random;
    this.limiter = new AdaptiveLimiter({
      initial: options.concurrency?.initial ?? 4,
      max: options.concurrency?.max ?? 8,
      clock: options.clock,
    });
  }

  stats(): RequestStats {
    return { ...this.limiter.stats(), ...this.#counts };
  }

  /** One page of customers; pass the previous page's continuation token for the next one. */
  async listCustomers(pageSize: number, continuationToken: string | null, signal?: AbortSignal): Promise<ApiCustomerPage> {
    const size = Math.min(500, Math.max(1, Math.floor(pageSize)));
    const path = continuationToken ? `/v1/customers?size=${size}&seekOperation=next` : `/v1/customers?size=${size}`;
    const headers: Record<string, string> = continuationToken ? { 'MS-ContinuationToken': continuationToken } : {};
    const body = await this.getJson(path, headers, signal);
    const page = parseCustomerPage(body.json);
    if (!page.ok) throw new PartnerCenterError('bad-response', 200, `customers: ${page.problem}`, body.requestId);
    // A token equal to the one just sent would loop forever: treat it as the end.
    const next = page.value.continuationToken === continuationToken ? null : page.value.continuationToken;
    return { items: page.value.items, totalCount: page.value.totalCount, continuationToken: next };
  }

  async listSubscriptions(customerId: string, signal?: AbortSignal): Promise<ApiSubscription[]> {
    const body = await this.getJson(`/v1/customers/${encodeURIComponent(customerId)}/subscriptions`, {}, signal);
    const list = parseSubscriptionList(body.json);
    if (!list.ok) throw new PartnerCenterError('bad-response', 200, `subscriptions: ${list.problem}`, body.requestId);
    return list.value.items;
  }

  async getJson(path: string, extraHeaders: Record<string, string>, signal?: AbortSignal): Promise<{ json: unknown; requestId: string }> {
    const { clock } = this.#options;
    const maxRetries = this.#options.maxRetries ?? 5;
    const maxThrottleWait = this.#options.maxThrottleWaitMs ?? 15 * 60_000;
    // The same MS-RequestId on every retry: Partner Center treats it as the idempotency key.
    const requestId = this.#newId();
    let failures = 0;
    let throttleWaited = 0;
    let refreshed = false;
    for (;;) {
      const ticket = await this.limiter.acquire(signal);
      let response: Awaited<ReturnType<FetchLike>>;
      let text: string;
      try {
        const token = await this.#accessToken(false);
        signal?.throwIfAborted();
        this.#counts.requests += 1;
        response = await this.#options.fetch(this.#baseUrl + path, {
          method: 'GET',
          headers: {
            Accept: 'application/json',
            Authorization: `Bearer ${token}`,
            'MS-RequestId': requestId,
            'MS-CorrelationId': this.#options.correlationId ?? requestId,
            ...extraHeaders,
          },
          signal,
        });
        text = await response.text();
      } catch (error) {
        ticket.release('error');
        if (signal?.aborted) throw signal.reason;
        if (error instanceof PartnerCenterError) throw error;
        this.#counts.networkErrors += 1;
        if (++failures > maxRetries) {
          throw new PartnerCenterError('network', null, `no answer from Partner Center (${describe(error)})`, requestId);
        }
        await clock.sleep(this.#backoff(failures), signal);
        continue;
      }
      this.#options.onResponse?.(response.status);
      const status = response.status;
      if (status >= 200 && status < 300) {
        ticket.release('ok');
        try {
          return { json: text.length > 0 ? (JSON.parse(text) as unknown) : null, requestId };
        } catch {
          throw new PartnerCenterError('bad-response', status, 'Partner Center answered with something that is not JSON', requestId);
        }
      }
      const wait = retryAfterMs(response.headers, clock.now());
      if (status === 429 || (status === 503 && wait !== null)) {
        this.#counts.throttled += 1;
        const delay = wait ?? this.#backoff(++failures);
        this.limiter.throttled(ticket, delay);
        throttleWaited += delay;
        if (throttleWaited > maxThrottleWait) {
          throw new PartnerCenterError('throttled', status, 'Partner Center is still throttling requests', requestId);
        }
        continue; // acquire() makes this request, and every other, wait until the shared time
      }
      ticket.release('error');
      if (status === 401 && !refreshed) {
        refreshed = true;
        this.#token = null;
        await this.#accessToken(true);
        continue;
      }
      if (status >= 500 || status === 408) {
        this.#counts.serverErrors += 1;
        if (++failures > maxRetries) {
          throw new PartnerCenterError('server', status, `Partner Center failed with ${status}`, requestId);
        }
        await clock.sleep(this.#backoff(failures), signal);
        continue;
      }
      const error = parseApiError(safeJson(text));
      const kind: ApiErrorKind = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not-found' : 'http';
      throw new PartnerCenterError(kind, status, error.description ?? `Partner Center answered ${status}`, requestId, error.code);
    }
  }

  /**
   * One token request at a time, shared by concurrent requests, asked again every few minutes so a
   * scan longer than a token's life refreshes silently before the token expires (not only after a 401).
   */
  #accessToken(forceRefresh: boolean): Promise<string> {
    const now = this.#options.clock.now();
    if (forceRefresh || !this.#token || now - this.#tokenAskedAt > TOKEN_REASK_MS) {
      const pending = this.#options.getAccessToken(forceRefresh);
      this.#token = pending;
      this.#tokenAskedAt = now;
      pending.catch(() => {
        if (this.#token === pending) this.#token = null;
      });
    }
    return this.#token;
  }

  /** Exponential backoff with full jitter (AWS's recipe): spreads retries so they don't synchronise. */
  #backoff(failures: number): number {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
    return Math.round(ceiling / 2 + (this.#random() * ceiling) / 2);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
}
