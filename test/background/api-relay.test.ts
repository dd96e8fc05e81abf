/**
 * The worker's Partner Center session relay without a browser: the token is read from a tab at
 * every call and used only for the API, only allowed requests get through, and nothing of the token
 * comes back. The route through the command guard refuses content scripts and bad requests.
 */
import { describe, expect, test } from 'vitest';
import { relayApiRequest, sessionStatus, tabsSessionSource, type SessionSource } from '../../src/background/api-relay.ts';
import { route, type RouterEnv } from '../../src/background/router.ts';
import type { ApiRelayRequest } from '../../src/messages.ts';
import { CONTENT_SENDER, EXTENSION_ID, EXTENSION_ORIGIN, PAGE_SENDER } from './tracker-fixtures.ts';

const TOKEN_A = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.page-token-a.signature';
const TOKEN_B = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.page-token-b.signature';

/** Tabs whose content scripts answer what `answers` says (a function: read at each ask). */
function tabs(answers: Record<number, () => unknown>): SessionSource & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    tabs: async () => Object.keys(answers).map(Number),
    ask: async (tab) => {
      asked.push(tab);
      const answer = answers[tab];
      if (!answer) throw new Error('Could not establish connection. Receiving end does not exist.');
      return answer();
    },
  };
}

function recordingFetch(status = 200, headers: Record<string, string> = {}, body = '{"items":[]}') {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body, { status, headers });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const GET: ApiRelayRequest = { method: 'GET', path: '/v1/customers?size=100', headers: { Accept: 'application/json', 'MS-RequestId': 'r-1' } };

describe('relayApiRequest', () => {
  test("calls the API with the page's token, read fresh at every call", async () => {
    let token = TOKEN_A;
    const source = tabs({ 11: () => ({ token }) });
    const api = recordingFetch(200, { 'retry-after': '3', 'set-cookie': 'x=1', etag: '"e1"' });
    const first = await relayApiRequest(GET, { source, fetch: api.fetch });
    token = TOKEN_B; // the page refreshed its token
    await relayApiRequest(GET, { source, fetch: api.fetch });
    expect(source.asked).toEqual([11, 11]);
    expect(api.calls.map((c) => c.url)).toEqual(['https://api.partnercenter.microsoft.com/v1/customers?size=100', 'https://api.partnercenter.microsoft.com/v1/customers?size=100']);
    expect(api.calls.map((c) => (c.init.headers as Record<string, string>).Authorization)).toEqual([`Bearer ${TOKEN_A}`, `Bearer ${TOKEN_B}`]);
    expect(api.calls[0]!.init).toMatchObject({ credentials: 'omit', cache: 'no-store', redirect: 'error' });
    // What comes back: the answer and the headers the client reads; never the token, never cookies.
    expect(first).toEqual({ outcome: 'answered', status: 200, headers: { 'retry-after': '3', etag: '"e1"', 'content-type': 'text/plain;charset=UTF-8' }, body: '{"items":[]}' });
    expect(JSON.stringify(first)).not.toContain('page-token');
  });

  test('only the allowed headers are forwarded; an Authorization sent by the page is replaced', async () => {
    const api = recordingFetch();
    await relayApiRequest(
      { ...GET, headers: { Authorization: 'Bearer forged', Cookie: 'a=b', 'If-Match': '"e1"', 'MS-ContinuationToken': 'abc' } },
      { source: tabs({ 1: () => ({ token: TOKEN_A }) }), fetch: api.fetch },
    );
    expect(api.calls[0]!.init.headers).toEqual({ 'If-Match': '"e1"', 'MS-ContinuationToken': 'abc', Authorization: `Bearer ${TOKEN_A}` });
  });

  test.each(['https://evil.example/v1/customers', '//evil.example/v1/x', '/v1/../oauth2/token', '/other/path'])("never calls anything but the API's /v1/: %s", async (path) => {
    const source = tabs({ 1: () => ({ token: TOKEN_A }) });
    const api = recordingFetch();
    const reply = await relayApiRequest({ ...GET, path }, { source, fetch: api.fetch });
    expect(reply.outcome).toBe('network');
    expect(api.calls).toHaveLength(0);
    // The token was not even asked for.
    expect(source.asked).toEqual([]);
  });

  test('the first tab that has a token lends it; tabs without a content script or signed out are skipped', async () => {
    const source = tabs({ 1: () => ({ token: null }), 3: () => ({ token: TOKEN_B }) });
    source.tabs = async () => [2, 1, 3];
    const api = recordingFetch();
    expect((await relayApiRequest(GET, { source, fetch: api.fetch })).outcome).toBe('answered');
    expect(source.asked).toEqual([2, 1, 3]);
    expect((api.calls[0]!.init.headers as Record<string, string>).Authorization).toBe(`Bearer ${TOKEN_B}`);
  });

  test('no Partner Center tab, or none signed in: "no-session" with which, and no call', async () => {
    const api = recordingFetch();
    expect(await relayApiRequest(GET, { source: tabs({}), fetch: api.fetch })).toEqual({ outcome: 'no-session', status: 'no-tab' });
    expect(await relayApiRequest(GET, { source: tabs({ 1: () => ({ token: null }) }), fetch: api.fetch })).toEqual({ outcome: 'no-session', status: 'signed-out' });
    expect(api.calls).toHaveLength(0);
  });

  test.each([{ token: 'short' }, { token: 'has spaces in it, not a bearer token' }, { token: 42 }, 'a string', null, { token: 'x'.repeat(16_001) }])(
    'an answer that is not a token is not used: %o',
    async (answer) => {
      const api = recordingFetch();
      expect((await relayApiRequest(GET, { source: tabs({ 1: () => answer }), fetch: api.fetch })).outcome).toBe('no-session');
      expect(api.calls).toHaveLength(0);
    },
  );

  test('no answer from Partner Center: "network" with the error\'s name only', async () => {
    const fetch = (async () => {
      throw new TypeError(`Failed to fetch with ${TOKEN_A}`);
    }) as typeof globalThis.fetch;
    const reply = await relayApiRequest(GET, { source: tabs({ 1: () => ({ token: TOKEN_A }) }), fetch });
    expect(reply).toEqual({ outcome: 'network', message: 'TypeError' });
  });

  test('a body goes with POST and PATCH, never with GET', async () => {
    const api = recordingFetch(201);
    const source = tabs({ 1: () => ({ token: TOKEN_A }) });
    await relayApiRequest({ method: 'POST', path: '/v1/customers/c/users/u/licenseupdates', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' }, { source, fetch: api.fetch });
    await relayApiRequest({ ...GET, body: '{"a":1}' }, { source, fetch: api.fetch });
    expect(api.calls.map((c) => [c.init.method, c.init.body])).toEqual([
      ['POST', '{"a":1}'],
      ['GET', undefined],
    ]);
  });

  test('sessionStatus says which it is, without giving the token', async () => {
    expect(await sessionStatus(tabs({ 1: () => ({ token: TOKEN_A }) }))).toBe('available');
    expect(await sessionStatus(tabs({ 1: () => ({ token: null }) }))).toBe('signed-out');
    expect(await sessionStatus(tabs({}))).toBe('no-tab');
  });

  test('tabsSessionSource: Partner Center tabs, most recently used first; only the top frame is asked', async () => {
    const sent: unknown[] = [];
    const source = tabsSessionSource({
      tabs: {
        query: async (filter) => {
          expect(filter).toEqual({ url: 'https://partner.microsoft.com/*' });
          return [{ id: 4, lastAccessed: 10 }, { lastAccessed: 99 }, { id: 9, lastAccessed: 50 }];
        },
        sendMessage: async (...args) => {
          sent.push(args);
          return { token: TOKEN_A };
        },
      },
    });
    expect(await source.tabs()).toEqual([9, 4]);
    await source.ask(9);
    expect(sent).toEqual([[9, { kind: 'session/token-get' }, { frameId: 0 }]]);
  });
});

describe('api/relay through the router', () => {
  const relayed: ApiRelayRequest[] = [];
  const env: RouterEnv = {
    extensionId: EXTENSION_ID,
    extensionOrigin: EXTENSION_ORIGIN,
    db: () => Promise.reject(new Error('the relay must not open the database')),
    now: () => '2026-11-24T09:00:00.000Z',
    openPage: async () => undefined,
    apiRelay: {
      request: async (request) => {
        relayed.push(request);
        return { outcome: 'answered', status: 200, headers: {}, body: '{}' };
      },
      status: async () => 'available',
    },
  };

  test("from the extension's pages: relayed, without touching the database", async () => {
    const routed = await route({ kind: 'api/relay', request: GET }, PAGE_SENDER, env);
    expect(routed.reply).toEqual({ ok: true, data: { outcome: 'answered', status: 200, headers: {}, body: '{}' } });
    expect((await route({ kind: 'api/session-status' }, PAGE_SENDER, env)).reply).toEqual({ ok: true, data: { status: 'available' } });
  });

  test('from a content script (a Partner Center page): refused', async () => {
    relayed.length = 0;
    expect((await route({ kind: 'api/relay', request: GET }, CONTENT_SENDER, env)).reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect((await route({ kind: 'api/session-status' }, CONTENT_SENDER, env)).reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(relayed).toEqual([]);
  });

  test.each([
    [{ ...GET, path: 'https://evil.example/v1/x' }, 'path'],
    [{ ...GET, path: '/v1/../token' }, 'path'],
    [{ ...GET, method: 'DELETE' }, 'method'],
    [{ ...GET, headers: { Authorization: 'Bearer x' } }, 'Authorization'],
    [{ ...GET, headers: { 'MS-RequestId': 'a\nb' } }, 'printable'],
    [{ ...GET, body: '{}' }, 'GET has no body'],
    [{ ...GET, path: `/v1/${'x'.repeat(5_000)}` }, 'longer'],
    [{ method: 'POST', path: '/v1/customers', headers: {}, body: 'x'.repeat(1024 * 1024 + 1) }, 'longer'],
  ] as [unknown, string][])('a bad request is refused before anything is relayed: %#', async (request, problem) => {
    relayed.length = 0;
    const { reply } = await route({ kind: 'api/relay', request }, PAGE_SENDER, env);
    expect(reply.ok).toBe(false);
    expect(JSON.stringify(reply)).toContain(problem);
    expect(relayed).toEqual([]);
  });

  test('where there is no relay (a test worker): a clear error', async () => {
    const { apiRelay: _none, ...bare } = env;
    expect((await route({ kind: 'api/session-status' }, PAGE_SENDER, bare)).reply).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
