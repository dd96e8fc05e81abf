/**
 * The worker's half of "Use my Partner Center session": a Partner Center API call made with the
 * token the Partner Center page itself holds, so partners need no app registration.
 *
 * The API sends no CORS headers, so the call cannot come from the dashboard or a content script:
 * the dashboard sends `api/relay`; the worker finds an open https://partner.microsoft.com tab, asks
 * its content script for the page's token (read fresh at every call: it is short-lived), calls
 * https://api.partnercenter.microsoft.com/v1/... with it, and answers with the status, the few
 * headers the client reads and the body. The token lives only in this call's variables: it is never
 * stored, logged, cached between calls, returned, or sent to any other host.
 *
 * Free of the extension API (the tabs come through a SessionSource), so it runs in Node tests.
 */
import { partnerCenterApiUrl } from '../core/partner-center-urls.ts';
import { RELAY_REQUEST_HEADERS, SESSION_TOKEN_REQUEST, type ApiRelayReply, type ApiRelayRequest, type SessionStatus } from '../messages.ts';

/** Where a session token comes from: the Partner Center tabs' content scripts. */
export interface SessionSource {
  /** Open https://partner.microsoft.com tabs, the most recently used first. */
  tabs(): Promise<number[]>;
  /** That tab's content script's answer (anything: it is checked); rejects when nothing answers. */
  ask(tabId: number): Promise<unknown>;
}

/** The response headers the client reads (throttling, 202 polling, etags, ids); nothing else comes back. */
const RESPONSE_HEADERS = ['retry-after', 'retry-after-ms', 'x-ms-retry-after-ms', 'location', 'etag', 'content-type', 'ms-requestid', 'ms-correlationid'];
/** Tabs asked at most, per call. */
const MAX_TABS = 5;
const TIMEOUT_MS = 60_000;
/** What a bearer token can be (printable ASCII, no spaces): anything else is not used. */
const TOKEN = /^[\x21-\x7e]{16,16000}$/;

function tokenOf(answer: unknown): string | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const token = (answer as { token?: unknown }).token;
  return typeof token === 'string' && TOKEN.test(token) ? token : null;
}

/** The first signed-in tab's token, or why there is none. */
async function borrowToken(source: SessionSource): Promise<{ token: string } | { token: null; status: Exclude<SessionStatus, 'available'> }> {
  let tabs: number[];
  try {
    tabs = (await source.tabs()).slice(0, MAX_TABS);
  } catch {
    tabs = [];
  }
  for (const tab of tabs) {
    try {
      const token = tokenOf(await source.ask(tab));
      if (token !== null) return { token };
    } catch {
      // No content script there (a tab still loading, or opened before the extension): try the next.
    }
  }
  return { token: null, status: tabs.length === 0 ? 'no-tab' : 'signed-out' };
}

export async function sessionStatus(source: SessionSource): Promise<SessionStatus> {
  const borrowed = await borrowToken(source);
  return borrowed.token !== null ? 'available' : borrowed.status;
}

/**
 * Makes the call. Never throws: the request is checked again here (the command guard checked it
 * first), and every failure is a reply.
 */
export async function relayApiRequest(request: ApiRelayRequest, deps: { source: SessionSource; fetch: typeof fetch; timeoutMs?: number }): Promise<ApiRelayReply> {
  const url = partnerCenterApiUrl(request.path);
  if (url === null) return { outcome: 'network', message: 'refused: not a Partner Center API path' };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (RELAY_REQUEST_HEADERS.includes(name.toLowerCase())) headers[name] = value;
  }
  const borrowed = await borrowToken(deps.source);
  if (borrowed.token === null) return { outcome: 'no-session', status: borrowed.status };
  let response: Response;
  let body: string;
  try {
    response = await deps.fetch(url, {
      method: request.method,
      headers: { ...headers, Authorization: `Bearer ${borrowed.token}` },
      ...(request.body !== undefined && request.method !== 'GET' ? { body: request.body } : {}),
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      signal: AbortSignal.timeout(deps.timeoutMs ?? TIMEOUT_MS),
    });
    body = await response.text();
  } catch (error) {
    // The error's name only: a message could one day quote the request.
    return { outcome: 'network', message: error instanceof Error ? error.name : 'no answer' };
  }
  const kept: Record<string, string> = {};
  for (const name of RESPONSE_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return { outcome: 'answered', status: response.status, headers: kept, body };
}

/** The subset of the extension API the worker's SessionSource uses. */
export interface TabsApi {
  tabs: {
    query(filter: { url: string }): Promise<{ id?: number; lastAccessed?: number; active?: boolean }[]>;
    sendMessage(tabId: number, message: unknown, options: { frameId: number }): Promise<unknown>;
  };
}

/** Partner Center tabs through the extension API; only their top frame's content script is asked. */
export function tabsSessionSource(api: TabsApi): SessionSource {
  return {
    async tabs() {
      const tabs = await api.tabs.query({ url: 'https://partner.microsoft.com/*' });
      return tabs
        .filter((t): t is typeof t & { id: number } => typeof t.id === 'number')
        .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))
        .map((t) => t.id);
    },
    ask: (tabId) => api.tabs.sendMessage(tabId, { kind: SESSION_TOKEN_REQUEST }, { frameId: 0 }),
  };
}
