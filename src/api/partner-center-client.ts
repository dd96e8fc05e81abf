/**
 * A typed Partner Center REST client: plain fetch, so it runs in an extension page, in Node tests
 * with a fake fetch, or in the bench. It pages with continuation tokens, waits on throttling by the
 * shared rule of retry-policy.ts (shared by every concurrent request through the AdaptiveLimiter),
 * backs off exponentially on 5xx and network errors, refreshes the token once on 401, tags every
 * request with MS-RequestId and MS-CorrelationId, and stops as soon as its AbortSignal aborts. It
 * never sees where the token comes from and never logs it; in session mode it never sees the token.
 */
import { PARTNER_CENTER_API_ORIGIN } from '../core/partner-center-urls.ts';
import { AdaptiveLimiter, type LimiterStats } from './adaptive-limiter.ts';
import type { Clock } from './clock.ts';
import { backoffMs, DEFAULT_RETRY_POLICY, retryAfterMs, throttleDelayMs, type RetryPolicy } from './retry-policy.ts';
import { parseApiError, parseCustomerPage, parseSubscriptionList, type ApiCustomerPage, type ApiSubscription } from './partner-center-types.ts';

/** Why a request failed, as a code the UI turns into an actionable message. */
export type ApiErrorKind =
  | 'unauthorized' // 401 even after a fresh token: sign in again
  | 'forbidden' // 403: the signed-in user has no Partner Center role that allows this
  | 'not-found'
  | 'conflict' // 409, or 412 (the etag sent is no longer the subscription's)
  | 'throttled' // still throttled after the retry rule's count or wait budget
  | 'server' // 5xx after every retry (or once, for a write that is never repeated blindly)
  | 'network' // no answer after every retry
  | 'bad-response' // an answer that is not the documented shape
  | 'session-unavailable' // session mode: no signed-in Partner Center tab to borrow the session from
  | 'session-expired' // session mode: 401, the page's token has expired (it refreshes it; resume later)
  | 'session-refused' // session mode: 403, the page's session may not do this
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

export interface HeaderReader {
  get(name: string): string | null;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH';

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{
  status: number;
  headers: HeaderReader;
  text(): Promise<string>;
}>;

export interface ClientOptions {
  fetch: FetchLike;
  /**
   * A bearer token; `forceRefresh` after a 401. The client never stores or logs it. Omitted when the
   * transport authorizes each request itself (the Partner Center session relay): 401 and 403 then
   * mean the borrowed session expired or was refused, not that a sign-in is needed.
   */
  getAccessToken?(forceRefresh: boolean): Promise<string>;
  clock: Clock;
  baseUrl?: string;
  /** One id for a whole scan, so Microsoft support can find every request of it. */
  correlationId?: string;
  newId?: () => string;
  random?: () => number;
  concurrency?: { initial: number; max: number };
  /** Retries for 5xx and network errors (429s are governed by the throttle limits). */
  maxRetries?: number;
  /** Retries one request may make after throttled answers. */
  maxThrottleRetries?: number;
  /** Total time one request may spend waiting on throttling before giving up. */
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

export interface SendOptions {
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Retry 5xx and network errors (default: for GET and PATCH-with-If-Match). A write whose effect
   * must not happen twice says false: its caller reads the state back and decides.
   */
  retryServerErrors?: boolean;
}

/** A 2xx answer. */
export interface ApiAnswer {
  status: number;
  json: unknown;
  headers: HeaderReader;
  requestId: string;
}

const TOKEN_REASK_MS = 4 * 60_000;

export function randomId(): string {
  return crypto.randomUUID();
}

export class PartnerCenterClient {
  readonly limiter: AdaptiveLimiter;
  readonly #options: ClientOptions;
  readonly #baseUrl: string;
  readonly #newId: () => string;
  readonly #random: () => number;
  readonly #policy: RetryPolicy;
  #token: Promise<string> | null = null;
  #tokenAskedAt = 0;
  #counts = { requests: 0, throttled: 0, serverErrors: 0, networkErrors: 0 };

  constructor(options: ClientOptions) {
    this.#options = options;
    this.#baseUrl = (options.baseUrl ?? PARTNER_CENTER_API_ORIGIN).replace(/\/$/, '');
    this.#newId = options.newId ?? randomId;
    this.#random = options.random ?? Math.random;
    this.#policy = {
      maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
      maxThrottleRetries: options.maxThrottleRetries ?? DEFAULT_RETRY_POLICY.maxThrottleRetries,
      maxThrottleWaitMs: options.maxThrottleWaitMs ?? DEFAULT_RETRY_POLICY.maxThrottleWaitMs,
    };
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

  getJson(path: string, headers: Record<string, string>, signal?: AbortSignal): Promise<ApiAnswer> {
    return this.send('GET', path, { headers, ...(signal ? { signal } : {}) });
  }

  /**
   * Every call goes through here, so every call follows one rule: a 429 (or 503 with Retry-After)
   * makes this request and every other wait max(Retry-After, backoff) and gives up after
   * maxThrottleRetries or maxThrottleWaitMs; 5xx and network errors back off and retry (when
   * `retryServerErrors`); a 401 asks for a fresh token once.
   */
  async send(method: HttpMethod, path: string, options: SendOptions = {}): Promise<ApiAnswer> {
    const { clock } = this.#options;
    const { signal } = options;
    const retryServerErrors = options.retryServerErrors ?? (method === 'GET' || (method === 'PATCH' && hasHeader(options.headers, 'if-match')));
    // The same MS-RequestId on every retry: Partner Center treats it as the idempotency key.
    const requestId = this.#newId();
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    let failures = 0;
    let throttles = 0;
    let throttleWaited = 0;
    let refreshed = false;
    for (;;) {
      const ticket = await this.limiter.acquire(signal);
      let response: Awaited<ReturnType<FetchLike>>;
      let text: string;
      try {
        const token = this.#options.getAccessToken ? await this.#accessToken(false) : null;
        signal?.throwIfAborted();
        this.#counts.requests += 1;
        response = await this.#options.fetch(this.#baseUrl + path, {
          method,
          headers: {
            Accept: 'application/json',
            ...(token !== null ? { Authorization: `Bearer ${token}` } : {}),
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
            'MS-RequestId': requestId,
            'MS-CorrelationId': this.#options.correlationId ?? requestId,
            ...options.headers,
          },
          ...(body !== undefined ? { body } : {}),
          ...(signal ? { signal } : {}),
        });
        text = await response.text();
      } catch (error) {
        ticket.release('error');
        if (signal?.aborted) throw signal.reason;
        if (error instanceof PartnerCenterError) throw error;
        this.#counts.networkErrors += 1;
        if (!retryServerErrors || ++failures > this.#policy.maxRetries) {
          throw new PartnerCenterError('network', null, `no answer from Partner Center (${describe(error)})`, requestId);
        }
        await clock.sleep(backoffMs(failures, this.#random), signal);
        continue;
      }
      this.#options.onResponse?.(response.status);
      const status = response.status;
      if (status >= 200 && status < 300) {
        ticket.release('ok');
        try {
          return { status, json: text.length > 0 ? (JSON.parse(text) as unknown) : null, headers: response.headers, requestId };
        } catch {
          throw new PartnerCenterError('bad-response', status, 'Partner Center answered with something that is not JSON', requestId);
        }
      }
      const retryAfter = retryAfterMs(response.headers, clock.now());
      if (status === 429 || (status === 503 && retryAfter !== null)) {
        // A throttled request was not processed: retrying it is safe, for a write too.
        this.#counts.throttled += 1;
        throttles += 1;
        const delay = throttleDelayMs(retryAfter, throttles, this.#random);
        const giveUp = throttles > this.#policy.maxThrottleRetries || throttleWaited + delay > this.#policy.maxThrottleWaitMs;
        // Everyone waits, even when this request gives up: the tenant is throttled for all of them.
        this.limiter.throttled(ticket, delay);
        if (giveUp) throw new PartnerCenterError('throttled', status, 'Partner Center is still throttling requests', requestId);
        throttleWaited += delay;
        continue; // acquire() makes this request, and every other, wait until the shared time
      }
      ticket.release('error');
      if (status === 401 && !refreshed) {
        refreshed = true;
        if (this.#options.getAccessToken) {
          this.#token = null;
          await this.#accessToken(true);
        }
        continue;
      }
      if (status >= 500 || status === 408) {
        this.#counts.serverErrors += 1;
        if (!retryServerErrors || ++failures > this.#policy.maxRetries) {
          throw new PartnerCenterError('server', status, `Partner Center failed with ${status}`, requestId, parseApiError(safeJson(text)).code);
        }
        await clock.sleep(backoffMs(failures, this.#random), signal);
        continue;
      }
      const error = parseApiError(safeJson(text));
      throw new PartnerCenterError(this.#kindOf(status), status, error.description ?? `Partner Center answered ${status}`, requestId, error.code);
    }
  }

  #kindOf(status: number): ApiErrorKind {
    const session = !this.#options.getAccessToken;
    switch (status) {
      case 401:
        return session ? 'session-expired' : 'unauthorized';
      case 403:
        return session ? 'session-refused' : 'forbidden';
      case 404:
        return 'not-found';
      case 409:
      case 412:
        return 'conflict';
      default:
        return 'http';
    }
  }

  /**
   * One token request at a time, shared by concurrent requests, asked again every few minutes so a
   * scan longer than a token's life refreshes silently before the token expires (not only after a 401).
   */
  #accessToken(forceRefresh: boolean): Promise<string> {
    const getAccessToken = this.#options.getAccessToken;
    if (!getAccessToken) throw new Error('no token source');
    const now = this.#options.clock.now();
    if (forceRefresh || !this.#token || now - this.#tokenAskedAt > TOKEN_REASK_MS) {
      const pending = getAccessToken(forceRefresh);
      this.#token = pending;
      this.#tokenAskedAt = now;
      pending.catch(() => {
        if (this.#token === pending) this.#token = null;
      });
    }
    return this.#token;
  }
}

function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
  return Object.keys(headers ?? {}).some((key) => key.toLowerCase() === name);
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
