/**
 * The content script's half of the session relay: it finds the page's token where Partner Center
 * keeps it, answers only the extension's own worker, reads the token afresh at every request, and
 * stops answering when the page visit ends.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { ContentMessageListener } from '../../src/platform/content-browser.ts';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
const WORKER = { id: EXTENSION_ID, url: `${ORIGIN}service-worker-loader.js` };

const listeners = vi.hoisted(() => new Set<ContentMessageListener>());
vi.mock('../../src/platform/content-browser.ts', () => ({
  browser: {
    runtime: {
      id: 'abcdefghijklmnopabcdefghijklmnop',
      getURL: (path: string) => `chrome-extension://abcdefghijklmnopabcdefghijklmnop/${path}`,
      onMessage: {
        addListener: (listener: ContentMessageListener) => listeners.add(listener),
        removeListener: (listener: ContentMessageListener) => listeners.delete(listener),
      },
    },
  },
}));

const { default: sessionToken, isOwnWorker, sessionTokenOf } = await import('../../src/content/features/session-token.ts');

/** What the real page keeps (shape: shared/notes/partner-center.md), with a neighbouring token that must not be taken. */
const authContext = (token: string) =>
  JSON.stringify({
    tokenMetadata: {
      accountsFirstPartyApp: { accessToken: token, expiresOn: 1_790_000_000, resource: 'https://api.partnercenter.microsoft.com' },
      graph: { accessToken: 'graph-token-not-this-one' },
    },
    userContext: { upn: 'avery@partner.example' },
  });

function storage(items: Record<string, string>) {
  return { getItem: (key: string) => items[key] ?? null };
}

describe('sessionTokenOf', () => {
  test('the accounts first-party app token from AuthContextData', () => {
    expect(sessionTokenOf(storage({ AuthContextData: authContext('eyJ.page.token'), CustomerSvcAdminKey: 'gdap-token' }))).toBe('eyJ.page.token');
  });

  test.each([
    ['signed out (nothing stored)', {}],
    ['not JSON', { AuthContextData: '{oops' }],
    ['another shape', { AuthContextData: JSON.stringify({ tokenMetadata: { somethingElse: { accessToken: 'x' } } }) }],
    ['an empty token', { AuthContextData: authContext('') }],
    ['a token that is not a string', { AuthContextData: JSON.stringify({ tokenMetadata: { accountsFirstPartyApp: { accessToken: 42 } } }) }],
    ['far too large to be real', { AuthContextData: authContext('x'.repeat(300_000)) }],
  ])('none when %s', (_case, items) => {
    expect(sessionTokenOf(storage(items))).toBeNull();
  });

  test('storage that throws (disabled for the site) gives none', () => {
    expect(
      sessionTokenOf({
        getItem: () => {
          throw new DOMException('denied', 'SecurityError');
        },
      }),
    ).toBeNull();
  });
});

describe('isOwnWorker', () => {
  test.each([
    [WORKER, true],
    [{ id: EXTENSION_ID }, true],
    [{ id: EXTENSION_ID, url: `${ORIGIN}src/pages/dashboard/index.html`, tab: { id: 3 } }, false],
    [{ id: 'another-extension', url: 'chrome-extension://another-extension/bg.js' }, false],
    [{ id: EXTENSION_ID, url: 'https://partner.microsoft.com/' }, false],
    [{}, false],
  ])('%o → %s', (sender, expected) => {
    expect(isOwnWorker(sender, EXTENSION_ID, ORIGIN)).toBe(expected);
  });
});

describe('the session-token feature', () => {
  let items: Record<string, string>;
  beforeEach(() => {
    items = { AuthContextData: authContext('eyJ.first.token') };
    vi.stubGlobal('window', { sessionStorage: storage(items) });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    listeners.clear();
  });

  const ask = (message: unknown, sender: object) => {
    const answers: unknown[] = [];
    // eslint-disable-next-line @typescript-eslint/no-confusing-void-expression -- the listener must return nothing (no async reply)
    for (const listener of listeners) expect(listener(message, sender, (answer) => answers.push(answer))).toBeUndefined();
    return answers;
  };

  test("answers the worker with the page's token, read afresh each time, and only while the visit lasts", () => {
    const visit = new AbortController();
    void sessionToken.init(visit.signal, { kind: 'unknown', customerId: null, subscriptionId: null, locale: null, url: 'https://partner.microsoft.com/', today: '2026-11-24', recognisedBy: 'url' });
    expect(sessionToken.pages).toBe('every-page');
    expect(ask({ kind: 'session/token-get' }, WORKER)).toEqual([{ token: 'eyJ.first.token' }]);
    items.AuthContextData = authContext('eyJ.refreshed.token');
    expect(ask({ kind: 'session/token-get' }, WORKER)).toEqual([{ token: 'eyJ.refreshed.token' }]);
    delete items.AuthContextData;
    expect(ask({ kind: 'session/token-get' }, WORKER)).toEqual([{ token: null }]);
    visit.abort();
    expect(listeners.size).toBe(0);
  });

  test('never answers anyone else, nor any other message', () => {
    void sessionToken.init(new AbortController().signal, {
      kind: 'subscriptions',
      customerId: null,
      subscriptionId: null,
      locale: null,
      url: 'https://partner.microsoft.com/',
      today: '2026-11-24',
      recognisedBy: 'url',
    });
    expect(ask({ kind: 'session/token-get' }, { id: EXTENSION_ID, url: `${ORIGIN}src/pages/dashboard/index.html`, tab: { id: 1 } })).toEqual([]);
    expect(ask({ kind: 'session/token-get' }, { id: 'other', url: 'chrome-extension://other/x' })).toEqual([]);
    expect(ask({ kind: 'migration/changed', customerId: 'x', revision: 1 }, WORKER)).toEqual([]);
    expect(ask('session/token-get', WORKER)).toEqual([]);
  });
});
