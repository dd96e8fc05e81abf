/**
 * Serves the Partner Center look-alike (test/fixtures/pages/) over local HTTPS. Chromium reaches it as
 * https://partner.microsoft.com/... through launchExtension's host rules. Used by the content e2e
 * tests, `npm run demo`, `npm run bench` and other helpers' e2e tests.
 *
 * Every path that is not a fixture asset serves the single-page app (as Partner Center does), which
 * then renders the page for the URL. Data: sample-data.json plus every migration-*.json in the same
 * folder (their `customers` and `catalog` arrays are appended), or `options.data`. The page may PUT
 * its data back (window.__fixture.save()) so later page loads see changes; `server.data` is that state.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpsServer, type RunningServer } from './https-server.ts';

export const FIXTURE_PAGES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'pages');

export interface FixtureRenewal {
  kind: 'expires' | 'auto-renews';
  /** Days from today (UTC); negative = in the past. */
  inDays: number;
}

export interface FixtureSubscription {
  id: string;
  name: string;
  quantity: number;
  status: 'active' | 'suspended';
  renewal: FixtureRenewal | null;
  channel: 'csp' | 'open';
  /** Test oracle: the catalog rule a badge must show for this row; null for a current product. */
  retiredRuleId: string | null;
}

export interface FixtureUser {
  id: string;
  name: string;
  email: string;
  licenses: string[];
  retiredRuleIds: string[];
}

export interface FixtureCustomer {
  id: string;
  name: string;
  domain: string;
  relationship: 'reseller' | 'none';
  subscriptions: FixtureSubscription[];
  users: FixtureUser[];
}

export interface FixtureProduct {
  name: string;
  price: string;
  /** Test oracle: retired rules this product is a listed target of. */
  targetOf: string[];
}

export interface FixtureData {
  customers: FixtureCustomer[];
  catalog: FixtureProduct[];
  /** The signed-in partner's Partner Center API token, which the page keeps in sessionStorage; null = signed out. */
  session?: { accessToken: string | null };
}

export interface FixtureServer extends RunningServer {
  /** https://partner.microsoft.com + path */
  url(path: string): string;
  /** The data the app loads (mutable; the page's PUT replaces it). */
  data: FixtureData;
}

/** sample-data.json merged with every migration-*.json of the fixture folder. */
export function loadFixtureData(dir: string = FIXTURE_PAGES_DIR): FixtureData {
  const read = (file: string): Partial<FixtureData> => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Partial<FixtureData>;
  const base = read('sample-data.json');
  const data: FixtureData = { customers: [...(base.customers ?? [])], catalog: [...(base.catalog ?? [])], ...(base.session ? { session: base.session } : {}) };
  for (const file of readdirSync(dir)
    .filter((f) => /^migration-.*\.json$/.test(f))
    .sort()) {
    const extra = read(file);
    data.customers.push(...(extra.customers ?? []));
    data.catalog.push(...(extra.catalog ?? []));
  }
  return data;
}

const ASSETS: Record<string, { file: string; type: string }> = {
  '/__fixture/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/__fixture/harmony-components.js': { file: 'harmony-components.js', type: 'text/javascript; charset=utf-8' },
};

export async function startFixtureServer(options: { data?: FixtureData; dir?: string } = {}): Promise<FixtureServer> {
  const dir = options.dir ?? FIXTURE_PAGES_DIR;
  const state = { data: options.data ?? loadFixtureData(dir) };
  const server = await startHttpsServer((req, res, body) => {
    const path = new URL(req.url ?? '/', 'https://partner.microsoft.com').pathname;
    const send = (status: number, type: string, content: string): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(content);
    };
    if (path === '/__fixture/data.json') {
      if (req.method === 'PUT') {
        try {
          state.data = JSON.parse(body) as FixtureData;
          send(204, 'text/plain', '');
        } catch {
          send(400, 'text/plain', 'invalid JSON');
        }
        return;
      }
      send(200, 'application/json; charset=utf-8', JSON.stringify(state.data));
      return;
    }
    const asset = ASSETS[path];
    if (asset) {
      send(200, asset.type, readFileSync(join(dir, asset.file), 'utf8'));
      return;
    }
    if (path === '/favicon.ico') {
      send(404, 'text/plain', '');
      return;
    }
    send(200, 'text/html; charset=utf-8', readFileSync(join(dir, 'index.html'), 'utf8'));
  });
  return {
    port: server.port,
    close: server.close,
    url: (path) => `https://partner.microsoft.com${path.startsWith('/') ? path : `/${path}`}`,
    get data() {
      return state.data;
    },
    set data(next: FixtureData) {
      state.data = next;
    },
  };
}
