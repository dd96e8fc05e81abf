/**
 * A local stand-in for the Partner Center REST API (https://api.partnercenter.microsoft.com/v1),
 * shaped after Microsoft's REST reference: customers in pages with continuation tokens, each
 * customer's subscriptions, error bodies `{ code, description }`, and the gateway's throttling answer
 * (429 + Retry-After + "Rate limit is exceeded. Try again in N seconds."). Knobs make it misbehave
 * the ways the real one does: a per-window request limit, 429 storms, 5xx, slow answers, malformed
 * and far-future dates. The same fake serves the unit tests (in-process `fetch`, injected clock),
 * the e2e tests and the bench (HTTPS, reached through Chromium's host-resolver rules).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { startHttpsServer, type RunningServer } from './https-server.ts';
import { licensingRoutes, type FakeLicensing, type LicenseKnobs } from './fake-partner-licenses.ts';

export interface FakeSubscription {
  id: string;
  offerId: string;
  offerName: string;
  friendlyName: string;
  quantity: number;
  status: string;
  autoRenewEnabled: boolean;
  /** Raw, possibly malformed, as the API would send it. */
  commitmentEndDate: string;
  effectiveStartDate: string;
}

export interface FakeCustomer {
  id: string;
  companyName: string;
  domain: string;
  relationshipToPartner: string;
  subscriptions: FakeSubscription[];
  /** Users, their licenses and the subscribed SKUs (fake-partner-licenses.ts); none = no users. */
  licensing?: FakeLicensing;
}

export interface FakeApiOptions extends LicenseKnobs {
  /** Generated customers (deterministic), or an explicit list. */
  customers?: number | FakeCustomer[];
  /** "Today" for the generated end dates (YYYY-MM-DD). */
  today?: string;
  /** Largest page the API returns, whatever `size` asks. */
  maxPageSize?: number;
  /** Every customers page this long, whatever `size` asks (a misbehaving API: e.g. 3,000 items). */
  fixedPageSize?: number;
  /** `totalCount` on customer pages: the whole count, or (as some collections do) the page's count. */
  totalCount?: 'all' | 'page';
  /** Requests allowed per window (per tenant) before 429s; none = unlimited. */
  rateLimit?: { requests: number; windowMs: number };
  /** Fraction of requests answered 500/503 without Retry-After (deterministic sequence). */
  serverErrorRate?: number;
  /** Added to every answer. */
  latencyMs?: number;
  /** Tokens accepted as `Authorization: Bearer <token>`; anything else is 401. None = any non-empty. */
  acceptToken?(token: string): boolean;
  /**
   * A subscription PATCH answers 202 + Location; the operation answers 202 this many times, then 200
   * with the subscription (the change applied then). None = the PATCH answers 200 at once.
   */
  patchPolls?: number;
  /** Every request answered 403 (signed-in user without a Partner Center role). */
  forbidden?: boolean;
  /** Injected time (ms) for the in-process use; real time otherwise. */
  now?(): number;
}

export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  status: number;
  requestId: string | null;
  correlationId: string | null;
  hadToken: boolean;
}

export interface FakeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const RETIRED_OFFERS = [
  'Dynamics AX Enterprise',
  'Microsoft Dynamics CRM Online Professional',
  'Microsoft Dynamics CRM Online Basic',
  'Dynamics AX Task',
  'Microsoft Dynamics CRM Online Essential',
  'Dynamics AX Device',
];
const CURRENT_OFFERS = ['Office 365 E3', 'Microsoft 365 Business Basic', 'Dynamics 365 Team Members', 'Project Online Essentials'];

/** Deterministic PRNG (mulberry32): the same knobs give the same data and the same failures. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function guid(n: number, salt: number): string {
  const hex = (n * 2654435761 + salt).toString(16).padStart(12, '0').slice(-12);
  return `${(0x10000000 + salt).toString(16).slice(-8)}-${(n & 0xffff).toString(16).padStart(4, '0')}-4${hex.slice(0, 3)}-8${hex.slice(3, 6)}-${hex}`;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Customer i gets a reproducible mix: roughly two in three hold a retired SKU, with end dates
 * 10, 30, 60, 90 or 200 days out or past, some written in Microsoft's own malformed sample format;
 * every customer also holds current products, some with tricky names, some not renewing (45 days
 * out), some non-renewable with the far-future placeholder end date.
 */
export function generateCustomers(count: number, today: string): FakeCustomer[] {
  const customers: FakeCustomer[] = [];
  for (let i = 0; i < count; i += 1) {
    const random = prng(i + 1);
    const id = guid(i + 1, 0x5c0ffee);
    const subscriptions: FakeSubscription[] = [];
    const sub = (k: number, offerName: string, autoRenew: boolean, end: string, status = 'active'): FakeSubscription => ({
      id: guid(i * 16 + k + 1, 0xab5c),
      offerId: guid(k + 100, 0x0ffe),
      offerName,
      friendlyName: offerName,
      quantity: 1 + Math.floor(random() * 250),
      status,
      autoRenewEnabled: autoRenew,
      commitmentEndDate: end,
      effectiveStartDate: '2016-07-01T00:00:00Z',
    });
    if (i % 3 !== 2) {
      const kind = Math.floor(i / 3) % 6;
      const offset = [10, 60, 200, -5, 30, 90][kind] ?? 10;
      let end = `${addDays(today, offset)}T00:00:00Z`;
      // Microsoft's own samples: spaces inside the time.
      if (i % 5 === 4) end = `${addDays(today, offset)}T08: 00: 00Z`;
      subscriptions.push(sub(0, RETIRED_OFFERS[i % RETIRED_OFFERS.length] ?? 'Dynamics AX Enterprise', false, end, offset < 0 ? 'expired' : 'active'));
      if (i % 7 === 0) subscriptions.push(sub(1, 'Dynamics 365 Customer Engagement Plan', true, `${addDays(today, 300)}T00:00:00Z`));
    }
    subscriptions.push(sub(2, CURRENT_OFFERS[i % CURRENT_OFFERS.length] ?? 'Office 365 E3', true, `${addDays(today, 120)}T00:00:00Z`));
    // A current product the customer chose not to renew.
    if (i % 9 === 5) subscriptions.push(sub(4, 'Office 365 E1', false, `${addDays(today, 45)}T00:00:00Z`));
    // A non-renewable offer with the far-future placeholder end date.
    if (i % 4 === 1) subscriptions.push(sub(3, 'Microsoft Power BI (free)', false, '9999-12-10T00:00:00Z'));
    customers.push({
      id,
      companyName: `Contoso ${String(i + 1).padStart(4, '0')}`,
      domain: `contoso${i + 1}.onmicrosoft.com`,
      relationshipToPartner: i % 11 === 10 ? 'advisor' : 'reseller',
      subscriptions,
    });
  }
  return customers;
}

export interface FakePartnerCenter {
  readonly customers: FakeCustomer[];
  readonly log: LoggedRequest[];
  /** Answer one request (the HTTP server and the in-process fetch both call this). */
  answer(method: string, pathAndQuery: string, headers: Record<string, string | undefined>, body?: string): Promise<FakeAnswer>;
  /** Fetch-compatible, in-process: for unit tests with an injected clock. */
  fetch(
    url: string,
    init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
  ): Promise<{
    status: number;
    headers: { get(name: string): string | null };
    text(): Promise<string>;
  }>;
  /** Every request answered 429 + Retry-After until `untilMs` (a 429 storm). */
  stormUntil(untilMs: number): void;
  /** Continuation tokens handed out so far stop working (server-side cursors expire). */
  expireContinuationTokens(): void;
  /** Change knobs while running (e.g. the bench's limit, an e2e's latency). */
  configure(options: Partial<Pick<FakeApiOptions, 'latencyMs' | 'rateLimit' | 'serverErrorRate' | 'forbidden' | 'patchPolls' | keyof LicenseKnobs>>): void;
  /** Someone else changes a subscription in Partner Center (its etag changes). */
  changeSubscription(subscription: FakeSubscription, patch: Partial<Pick<FakeSubscription, 'status' | 'autoRenewEnabled'>>): void;
  /** License updates applied, per user id: a user moved exactly once shows 1. */
  readonly appliedLicenseUpdates: ReadonlyMap<string, number>;
}

export function createFakePartnerCenter(options: FakeApiOptions = {}): FakePartnerCenter {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const customers = Array.isArray(options.customers) ? options.customers : generateCustomers(options.customers ?? 25, today);
  const now = options.now ?? (() => Date.now());
  const knobs = { ...options };
  const log: LoggedRequest[] = [];
  const windowHits: number[] = [];
  const failures = prng(0xfa11);
  let storm = 0;
  let tokenGeneration = 0;
  const appliedLicenseUpdates = new Map<string, number>();

  const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeAnswer => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  });

  const throttle = (): FakeAnswer | null => {
    const at = now();
    if (at < storm) {
      const seconds = Math.max(1, Math.ceil((storm - at) / 1000));
      return json(429, { statusCode: 429, message: `Rate limit is exceeded. Try again in ${seconds} seconds.` }, { 'retry-after': String(seconds) });
    }
    const limit = knobs.rateLimit;
    if (!limit) return null;
    while (windowHits.length > 0 && (windowHits[0] ?? 0) <= at - limit.windowMs) windowHits.shift();
    if (windowHits.length >= limit.requests) {
      const seconds = Math.max(1, Math.ceil(((windowHits[0] ?? at) + limit.windowMs - at) / 1000));
      return json(429, { statusCode: 429, message: `Rate limit is exceeded. Try again in ${seconds} seconds.` }, { 'retry-after': String(seconds) });
    }
    windowHits.push(at);
    return null;
  };

  // A subscription's etag changes with every change to it.
  const versions = new Map<string, number>();
  const etagOf = (s: FakeSubscription) => `"${s.id.slice(-6)}-${versions.get(s.id) ?? 0}"`;
  const change = (s: FakeSubscription, patch: Partial<Pick<FakeSubscription, 'status' | 'autoRenewEnabled'>>) => {
    Object.assign(s, patch);
    versions.set(s.id, (versions.get(s.id) ?? 0) + 1);
  };
  const operations = new Map<string, { subscription: FakeSubscription; patch: Partial<FakeSubscription>; pollsLeft: number; done: boolean }>();

  const subscriptionJson = (customer: FakeCustomer, s: FakeSubscription) => ({
    id: s.id,
    offerId: s.offerId,
    entitlementId: s.id,
    offerName: s.offerName,
    friendlyName: s.friendlyName,
    quantity: s.quantity,
    unitType: 'Licenses',
    hasPurchasableAddons: false,
    creationDate: '2016-07-01T00:00:00Z',
    effectiveStartDate: s.effectiveStartDate,
    commitmentEndDate: s.commitmentEndDate,
    status: s.status,
    autoRenewEnabled: s.autoRenewEnabled,
    isTrial: false,
    billingType: 'license',
    billingCycle: 'monthly',
    contractType: 'subscription',
    orderId: s.id.slice(0, 8),
    links: { self: { uri: `/customers/${customer.id}/subscriptions/${s.id}`, method: 'GET', headers: [] } },
    attributes: { etag: etagOf(s), objectType: 'Subscription' },
  });

  const licensing = licensingRoutes({
    licensingOf: (id) => customers.find((c) => c.id === id)?.licensing ?? null,
    knobs,
    json,
    tokenGeneration: () => tokenGeneration,
    applied: appliedLicenseUpdates,
  });

  const route = (method: string, url: URL, headers: Record<string, string | undefined>, body: string): FakeAnswer => {
    const licensed = licensing(method, url, headers, body);
    if (licensed) return licensed;
    const one = /^\/v1\/customers\/([^/]+)\/subscriptions\/([^/]+)(?:\/operations\/([^/]+))?\/?$/.exec(url.pathname);
    if (one) return subscriptionRoute(method, one, headers, body);
    if (method !== 'GET') return json(405, { code: 405, description: 'Method not allowed', data: [], source: 'PartnerApiFake' });
    const customersMatch = /^\/v1\/customers\/?$/.exec(url.pathname);
    if (customersMatch) {
      const size = knobs.fixedPageSize ?? Math.max(1, Math.min(knobs.maxPageSize ?? 500, Number(url.searchParams.get('size') ?? 500) || 500));
      let offset = 0;
      if (url.searchParams.get('seekOperation') === 'next') {
        const token = headers['ms-continuationtoken'] ?? '';
        const decoded = /^page:(\d+):(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
        if (!decoded || Number(decoded[2]) !== tokenGeneration) return json(400, { code: 400, description: 'Invalid continuation token', data: [], source: 'PartnerApiFake' });
        offset = Number(decoded[1]);
      }
      const page = customers.slice(offset, offset + size);
      const nextOffset = offset + page.length;
      const token = nextOffset < customers.length ? Buffer.from(`page:${nextOffset}:${tokenGeneration}`).toString('base64') : undefined;
      return json(200, {
        totalCount: knobs.totalCount === 'page' ? page.length : customers.length,
        items: page.map((c) => ({
          id: c.id,
          commerceId: c.id,
          companyProfile: { tenantId: c.id, domain: c.domain, companyName: c.companyName, attributes: { objectType: 'CustomerCompanyProfile' } },
          relationshipToPartner: c.relationshipToPartner,
          allowDelegatedAccess: true,
          attributes: { objectType: 'Customer' },
          links: { self: { uri: `/customers/${c.id}`, method: 'GET', headers: [] } },
        })),
        ...(token ? { continuationToken: token } : {}),
        links: {
          self: { uri: `/customers?size=${size}`, method: 'GET', headers: [] },
          ...(token ? { next: { uri: `/customers?size=${size}&seekOperation=next`, method: 'GET', headers: [{ key: 'MS-ContinuationToken', value: token }] } } : {}),
        },
        attributes: { objectType: 'Collection' },
      });
    }
    const subsMatch = /^\/v1\/customers\/([^/]+)\/subscriptions\/?$/.exec(url.pathname);
    if (subsMatch) {
      const customer = customers.find((c) => c.id === decodeURIComponent(subsMatch[1] ?? '').toLowerCase());
      if (!customer) return json(404, { code: 600008, description: 'The requested customer was not found.', data: [], source: 'PartnerApiFake' });
      return json(200, {
        totalCount: customer.subscriptions.length,
        items: customer.subscriptions.map((s) => subscriptionJson(customer, s)),
        links: { self: { uri: `/customers/${customer.id}/subscriptions`, method: 'GET', headers: [] } },
        attributes: { objectType: 'Collection' },
      });
    }
    return json(404, { code: 404, description: 'Resource not found', data: [], source: 'PartnerApiFake' });
  };

  /** One subscription: GET, PATCH with If-Match (status, autoRenewEnabled), and a PATCH's operation. */
  const subscriptionRoute = (method: string, match: RegExpExecArray, headers: Record<string, string | undefined>, body: string): FakeAnswer => {
    const error = (status: number, code: number, description: string) => json(status, { code, description, data: [], source: 'PartnerApiFake' });
    const customer = customers.find((c) => c.id === decodeURIComponent(match[1] ?? '').toLowerCase());
    const subscription = customer?.subscriptions.find((s) => s.id === decodeURIComponent(match[2] ?? ''));
    if (!customer || !subscription) return error(404, 800002, 'The subscription was not found.');
    if (match[3] !== undefined) {
      const operation = operations.get(match[3]);
      if (!operation || method !== 'GET') return error(404, 404, 'Resource not found');
      if (operation.pollsLeft > 0) {
        operation.pollsLeft -= 1;
        return json(202, { status: 'running' }, { 'retry-after': '1' });
      }
      if (!operation.done) {
        operation.done = true;
        change(subscription, operation.patch);
      }
      return json(200, subscriptionJson(customer, subscription));
    }
    if (method === 'GET') return json(200, subscriptionJson(customer, subscription));
    if (method !== 'PATCH') return error(405, 405, 'Method not allowed');
    if (headers['if-match'] !== etagOf(subscription)) return error(412, 412, 'The subscription has changed since it was read: read it again.');
    let sent: { status?: unknown; autoRenewEnabled?: unknown; id?: unknown };
    try {
      sent = JSON.parse(body) as typeof sent;
    } catch {
      return error(400, 400, 'The request body is not valid JSON.');
    }
    if (sent.id !== subscription.id) return error(400, 800003, 'The full subscription must be sent.');
    const patch: Partial<FakeSubscription> = {};
    if (typeof sent.status === 'string' && sent.status !== subscription.status) patch.status = sent.status;
    if (typeof sent.autoRenewEnabled === 'boolean') patch.autoRenewEnabled = sent.autoRenewEnabled;
    if (knobs.patchPolls !== undefined) {
      const id = String(operations.size + 1);
      operations.set(id, { subscription, patch, pollsLeft: knobs.patchPolls, done: false });
      return json(202, null, { location: `/v1/customers/${customer.id}/subscriptions/${subscription.id}/operations/${id}`, 'retry-after': '1' });
    }
    change(subscription, patch);
    return json(200, subscriptionJson(customer, subscription));
  };

  const fake: FakePartnerCenter = {
    customers,
    log,
    appliedLicenseUpdates,
    async answer(method, pathAndQuery, rawHeaders, body = '') {
      const headers = Object.fromEntries(Object.entries(rawHeaders).map(([k, v]) => [k.toLowerCase(), v]));
      const url = new URL(pathAndQuery, 'https://api.partnercenter.microsoft.com');
      if (knobs.latencyMs) await new Promise((r) => setTimeout(r, knobs.latencyMs));
      const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1] ?? '';
      let result: FakeAnswer;
      if (method === 'OPTIONS') {
        result = { status: 204, headers: {}, body: '' };
      } else if (!token || (knobs.acceptToken && !knobs.acceptToken(token))) {
        result = json(401, { code: 401, description: 'Unauthorized: the access token is missing, invalid or expired.', data: [], source: 'PartnerApiFake' });
      } else if (knobs.forbidden) {
        result = json(403, { code: 403, description: 'Forbidden: the user does not have the required Partner Center role.', data: [], source: 'PartnerApiFake' });
      } else {
        result =
          throttle() ??
          (knobs.serverErrorRate && failures() < knobs.serverErrorRate
            ? json(failures() < 0.5 ? 500 : 503, { code: 500, description: 'An unexpected error occurred.', data: [], source: 'PartnerApiFake' })
            : route(method, url, headers, body));
      }
      log.push({
        at: now(),
        method,
        path: url.pathname + url.search,
        status: result.status,
        requestId: headers['ms-requestid'] ?? null,
        correlationId: headers['ms-correlationid'] ?? null,
        hadToken: token.length > 0,
      });
      return result;
    },
    async fetch(url, init) {
      init.signal?.throwIfAborted();
      const parsed = new URL(url);
      const answer = await fake.answer(init.method, parsed.pathname + parsed.search, init.headers, init.body);
      return {
        status: answer.status,
        headers: { get: (name: string) => answer.headers[name.toLowerCase()] ?? null },
        text: async () => answer.body,
      };
    },
    expireContinuationTokens() {
      tokenGeneration += 1;
    },
    changeSubscription: change,
    stormUntil(untilMs) {
      storm = untilMs;
    },
    configure(next) {
      Object.assign(knobs, next);
    },
  };
  return fake;
}

/**
 * The fake over HTTPS. CORS is answered for chrome-extension:// origins as the real API's gateway
 * might; the extension does not depend on it (it has host permission for the API).
 */
export async function startFakePartnerApi(options: FakeApiOptions = {}): Promise<{ fake: FakePartnerCenter; server: RunningServer }> {
  const fake = createFakePartnerCenter(options);
  const server = await startHttpsServer(async (req, res, body) => {
    const answer = await fake.answer(req.method ?? 'GET', req.url ?? '/', flatten(req.headers), body);
    res.writeHead(answer.status, {
      ...answer.headers,
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-headers': 'authorization, accept, ms-requestid, ms-correlationid, ms-continuationtoken',
      'access-control-expose-headers': 'retry-after, ms-requestid, ms-correlationid',
    });
    res.end(answer.body);
  });
  return { fake, server };
}

function flatten(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
}

/**
 * Ground truth for assertions: the customers a scan must record (a retired SKU, or a running
 * subscription that will not renew with a real end date), and the earliest such end date; when
 * none runs, the earliest real end date of a retired one that no longer runs (the dashboard never
 * says "no end date" for a subscription seen with one). `isRetired` is the catalog's matcher,
 * passed in so this module stays data only.
 */
export function expectedFindings(customers: readonly FakeCustomer[], isRetired: (name: string) => boolean) {
  const running = (s: FakeSubscription) => !['expired', 'suspended', 'deleted', 'disabled'].includes(s.status);
  const ends = (s: FakeSubscription) => !s.autoRenewEnabled && !s.commitmentEndDate.startsWith('9999');
  const expiring = (s: FakeSubscription) => ends(s) && running(s);
  const earliest = (subs: FakeSubscription[]) => subs.map((s) => s.commitmentEndDate.slice(0, 10)).sort()[0] ?? null;
  return customers
    .map((customer) => {
      const retired = customer.subscriptions.filter((s) => isRetired(s.offerName));
      const ending = customer.subscriptions.filter(expiring);
      const endDate = earliest(ending) ?? earliest(retired.filter((s) => ends(s) && !running(s)));
      return { customer, retired, expiring: ending, endDate };
    })
    .filter((f) => f.retired.length > 0 || f.expiring.length > 0);
}
