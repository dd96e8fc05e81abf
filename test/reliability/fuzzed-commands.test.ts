/**
 * 20,000 fuzzed commands through the worker's real router on fake IndexedDB, half of them from a
 * content script on Partner Center, half from the extension's pages: well-formed commands of every
 * kind, then mutated (a field set to a hostile value, removed, retyped, or an unknown key added at any
 * depth). The worker must never throw nor fail with a bug, and never accept anything invalid:
 * - after the run (and every 1,000 commands) the stored state passes the validators an import applies
 *   to a file, record by record;
 * - no key a sender made up is ever stored (the scan checkpoint aside: opaque by design);
 * - a command from a content script changes no setting, no rule, no scan checkpoint, and no other
 *   customer than the one it names (a customers list may only add or rename the customers it lists).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TrackerDb } from '../../src/background/db.ts';
import type { LoadedWorker } from '../background/tracker-fixtures.ts';
import { COMMAND_SAMPLES } from '../background/command-samples.ts';
import { CONTENT_SENDER, CONTOSO, FABRIKAM, freshWorker, invalidState, PAGE_SENDER, pageObservation, summary, TAILSPIN } from './reliability-fixtures.ts';

const COMMANDS = 20_000;
const CHECK_EVERY = 1_000;
const UNKNOWN_KEY = 'zzKeyNoSenderMayStore';
const TENANTS = [CONTOSO, FABRIKAM, TAILSPIN];
const guid = (i: number) => `${String(i).padStart(8, '0')}-1111-4222-8333-444444444444`;

let worker: LoadedWorker & { now: () => string };
beforeEach(async () => {
  worker = await freshWorker();
});
afterEach(() => worker.close());

type Message = Record<string, unknown>;

// ─── Well-formed commands, then hostile mutations of them ───

const url = (tenant: string, page = 'subscriptions') => `https://partner.microsoft.com/en-us/dashboard/v2/customers/${tenant}/${page}`;
const row = (name: string, status: string, channel: string | null = null) => ({ name, status, quantity: 5, channel, text: `${name} · ${status} · 5 · Expires on Dec 31, 2026` });
const reading = (tenant: string, patch: object) => ({
  url: url(tenant),
  pageKind: 'subscriptions',
  customerId: tenant,
  subscriptionId: null,
  locale: 'en-us',
  seenAt: '2026-11-24T09:00:00.000Z',
  customerName: 'Contoso Ltd',
  incomplete: null,
  partialGrid: false,
  subscriptions: [],
  users: null,
  customers: null,
  ...patch,
});

function wellFormed(tenant: string): Message[] {
  const event = (e: object) => ({ kind: 'migration/apply', customerId: tenant, event: e });
  const evidence = { source: 'page', page: url(tenant), text: 'seen' };
  return [
    ...Object.values(COMMAND_SAMPLES).map((s) => JSON.parse(JSON.stringify(s.message).replaceAll(CONTOSO, tenant)) as Message),
    { kind: 'page/reading', reading: reading(tenant, { subscriptions: [row('Dynamics AX Enterprise', 'suspended'), row('Dynamics 365 Finance', 'active')] }) },
    { kind: 'page/reading', reading: reading(tenant, { subscriptions: [row('Dynamics AX Enterprise', 'active', 'other'), row('Office 365 E3', 'active')] }) },
    { kind: 'page/reading', reading: reading(tenant, { pageKind: 'subscription-details', subscriptionId: 'sub-1', subscriptions: [row('Dynamics AX Enterprise', 'suspended')] }) },
    {
      kind: 'page/reading',
      reading: reading(tenant, {
        url: url(tenant, 'users'),
        pageKind: 'users-and-licenses',
        users: {
          usersSeen: 10,
          emptyLicences: 0,
          partial: false,
          hasLicenseColumn: true,
          groups: [{ retiredRuleIds: [], targetIds: ['d365-finance'], truncated: false, count: 10, samples: ['ana · Dynamics 365 Finance'] }],
        },
      }),
    },
    {
      kind: 'page/reading',
      reading: reading(tenant, {
        url: 'https://partner.microsoft.com/en-us/dashboard/v2/customers/list',
        pageKind: 'customers',
        customerId: null,
        customers: [...TENANTS, guid(1), guid(2)].map((id, i) => ({ customerId: id, name: `Customer ${i}`, relationship: 'reseller' })),
      }),
    },
    { kind: 'observations/record', observations: [pageObservation({ customerId: tenant, source: 'api', complete: true, evidence: `/v1/customers/${tenant}/subscriptions` })] },
    event({ type: 'purchase-detected', evidence }),
    event({ type: 'users-progress', moved: 3, total: 5, evidence }),
    event({ type: 'users-seen', onRetired: 0, onReplacement: 5, evidence }),
    event({ type: 'suspend-requested', override: true }),
    event({ type: 'suspend-detected', date: '2026-11-24', evidence }),
    event({ type: 'suspend-confirmed' }),
    event({ type: 'step-ticked', step: 'suspend', date: '2026-11-20', expectedRevision: 2 }),
    event({ type: 'step-unticked', step: 'purchase' }),
    event({ type: 'relationship-observed', relationship: 'none' }),
    event({ type: 'other-channel-detected', evidence }),
    event({ type: 'renewal-observed', renewal: { kind: 'expires', date: '2026-12-31' } }),
    event({ type: 'deprovisioned', date: '2027-03-24', evidence }),
    { kind: 'migration/annotate', customerId: tenant, notes: 'Call Ana\nbefore the 14th', expectedNotesRevision: 0 },
    {
      kind: 'settings/put',
      settings: { thresholds: { critical: 0, soon: 0 }, remindersEnabled: false, appRegistration: { clientId: '11111111-2222-4333-8444-555555555555', tenant: 'organizations' } },
    },
    {
      kind: 'data/import',
      json: JSON.stringify({
        format: 'sku-shift-export',
        version: 1,
        customers: [{ customerId: tenant, name: 'Imported', relationship: 'reseller', firstSeenAt: '2026-11-01T00:00:00Z', lastSeenAt: '2030-01-01T00:00:00Z', lastEvidence: 'x', overlayOpen: true }],
        settings: { ...{ thresholds: { critical: 1, soon: 2 }, deprovisionDays: 1, remindersEnabled: false }, updatedAt: '2030-01-01T00:00:00Z' },
      }),
    },
  ];
}

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53,
  1e308,
  '',
  ' ',
  '\u202e\u0000',
  '__proto__',
  'constructor',
  'x'.repeat(600),
  'x'.repeat(3_000),
  '2099-01-01T00:00:00.000Z',
  '1753-01-01',
  '2026-02-30',
  'suspended',
  'api',
  'page',
  'content',
  'one-to-one',
  'suspend',
  [],
  {},
  [1, 2],
  { a: 1 },
  ...TENANTS,
  guid(3),
  CONTOSO.toUpperCase(),
  `  ${FABRIKAM}  `,
  'https://partner.microsoft.com/',
  'https://evil.example/',
];

interface Mutation {
  path: number[];
  op: 'set' | 'delete' | 'unknown-key';
  value: unknown;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(40), { maxLength: 5 }),
  op: fc.constantFrom<Mutation['op']>('set', 'set', 'delete', 'unknown-key'),
  value: fc.oneof(fc.constantFrom(...HOSTILE_VALUES), fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 40 })),
});

/** Walks `path` (each step picks a child by index) and applies the mutation where it stops. */
function mutate(message: Message, { path, op, value }: Mutation): void {
  let node: Message = message;
  for (const step of path) {
    const keys = Object.keys(node);
    const key = keys[step % Math.max(1, keys.length)];
    const child = key === undefined ? undefined : node[key];
    if (typeof child !== 'object' || child === null) break;
    node = child as Message;
  }
  const keys = Object.keys(node).filter((k) => node !== message || k !== 'kind');
  const key = keys[(path.at(-1) ?? 0) % Math.max(1, keys.length)];
  if (op === 'unknown-key' || key === undefined) node[UNKNOWN_KEY] = value;
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- deleting a fuzzed field is the mutation
  else if (op === 'delete') delete node[key];
  else node[key] = structuredClone(value);
}

const fuzzed = fc
  .record({
    tenant: fc.constantFrom(...TENANTS),
    pick: fc.nat(),
    mutations: fc.array(mutation, { maxLength: 3 }),
    fromContent: fc.boolean(),
  })
  .map(({ tenant, pick, mutations, fromContent }) => {
    const choices = wellFormed(tenant);
    const message = structuredClone(choices[pick % choices.length]!);
    for (const m of mutations) mutate(message, m);
    return { message, fromContent };
  });

// ─── What a content script may not change ───

interface Guarded {
  settings: string;
  rules: string;
  checkpoint: string;
  customers: Map<string, string>;
  /** Subscriptions and migration, per customer. */
  progress: Map<string, string>;
}

async function guarded(db: TrackerDb): Promise<Guarded> {
  const [settings, rules, checkpoint, customers, subscriptions, migrations] = await Promise.all([
    db.getAll('settings'),
    db.getAll('rules'),
    db.get('meta', 'scan-checkpoint'),
    db.getAll('customers'),
    db.getAll('subscriptions'),
    db.getAll('migrations'),
  ]);
  const progress = new Map<string, string>();
  const add = (id: string, value: unknown) => progress.set(id, `${progress.get(id) ?? ''}${JSON.stringify(value)}`);
  for (const s of subscriptions) add(s.customerId, s);
  for (const m of migrations) add(m.customerId, m);
  return {
    settings: JSON.stringify(settings),
    rules: JSON.stringify(rules),
    checkpoint: JSON.stringify(checkpoint ?? null),
    customers: new Map(customers.map((c) => [c.customerId, JSON.stringify(c)])),
    progress,
  };
}

// eslint-disable-next-line @typescript-eslint/no-base-to-string -- fuzzed values, coerced as the worker's guard does
const asText = (value: unknown): string => String(value ?? '');

/** What a content command changed that it may not, or null. */
function overreach(before: Guarded, after: Guarded, message: Message): string | null {
  if (before.settings !== after.settings) return 'settings';
  if (before.rules !== after.rules) return 'rules';
  if (before.checkpoint !== after.checkpoint) return 'scan checkpoint';
  const reading = (message.reading ?? {}) as Message;
  const named = asText(message.customerId ?? reading.customerId)
    .trim()
    .toLowerCase();
  const listed = new Set(
    Array.isArray(reading.customers)
      ? reading.customers.map((c) =>
          asText((c as Message)?.customerId)
            .trim()
            .toLowerCase(),
        )
      : [],
  );
  for (const id of new Set([...before.progress.keys(), ...after.progress.keys()])) {
    if (id !== named && before.progress.get(id) !== after.progress.get(id)) return `subscriptions or migration of ${id}`;
  }
  for (const id of new Set([...before.customers.keys(), ...after.customers.keys()])) {
    if (id !== named && !listed.has(id) && before.customers.get(id) !== after.customers.get(id)) return `customer ${id}`;
  }
  return null;
}

/** Commands that run in a read-only transaction or touch no storage: they cannot change anything. */
const READS = new Set(['customer/get', 'dashboard/get', 'dashboard/open', 'events/list', 'settings/get', 'rules/list', 'data/export', 'scan/checkpoint-get', 'api/relay', 'api/session-status']);

async function storesUnknownKey(db: TrackerDb): Promise<boolean> {
  for (const name of db.objectStoreNames) {
    if (name === 'meta') continue;
    if (JSON.stringify(await db.getAll(name)).includes(UNKNOWN_KEY)) return true;
  }
  return false;
}

describe('fuzzed commands', () => {
  it(`${COMMANDS} commands from pages and content scripts: no throw, no bug, nothing invalid accepted`, { timeout: 120_000 }, async () => {
    const commands = fc.sample(fuzzed, { numRuns: COMMANDS, seed: 13 });
    const db = await worker.dbModule.openTrackerDb();
    const tally = { pages: 0, content: 0, accepted: 0, refused: 0, throws: 0, bugs: 0, invalidStates: 0, unknownKeysStored: 0, contentOverreach: 0 };
    const failures: string[] = [];
    const fail = (what: keyof typeof tally, detail: string) => {
      tally[what] += 1;
      if (failures.length < 5) failures.push(`${what}: ${detail}`);
    };
    // What is stored, as of the last command that could have changed it (a refused command changes nothing).
    let stored = await guarded(db);
    for (const [i, { message, fromContent }] of commands.entries()) {
      tally[fromContent ? 'content' : 'pages'] += 1;
      let reply;
      try {
        reply = await worker.send(message, fromContent ? CONTENT_SENDER : PAGE_SENDER);
      } catch (error) {
        fail('throws', `${JSON.stringify(message).slice(0, 200)} → ${String(error)}`);
        continue;
      }
      if (!reply.ok && (reply.error.code === 'internal-error' || reply.error.code === 'storage-failed')) fail('bugs', `${JSON.stringify(message).slice(0, 200)} → ${reply.error.message}`);
      tally[reply.ok ? 'accepted' : 'refused'] += 1;
      if (reply.ok && !READS.has(String(message.kind))) {
        const after = await guarded(db);
        const reason = fromContent ? overreach(stored, after, message) : null;
        if (reason) fail('contentOverreach', `${JSON.stringify(message).slice(0, 200)} changed ${reason}`);
        stored = after;
      }
      if ((i + 1) % CHECK_EVERY === 0 || i === commands.length - 1) {
        const invalid = await invalidState(worker, worker.now());
        if (invalid) fail('invalidStates', `after command ${i + 1}: ${invalid}`);
        if (await storesUnknownKey(db)) fail('unknownKeysStored', `after command ${i + 1}`);
      }
    }
    summary(
      `fuzzed commands: ${COMMANDS} (${tally.pages} from pages, ${tally.content} from content scripts; ${tally.accepted} accepted, ${tally.refused} refused) → ` +
        `${tally.throws} throws, ${tally.bugs} internal/storage errors, ${tally.invalidStates} invalid states, ${tally.unknownKeysStored} unknown keys stored, ` +
        `${tally.contentOverreach} content commands changing settings/rules/other customers`,
    );
    expect(failures).toEqual([]);
    // The fuzz reached the store: a run that only ever hit the guard would prove little.
    expect(tally.accepted).toBeGreaterThan(COMMANDS / 5);
    expect(await db.count('migrations')).toBeGreaterThan(0);
  });
});
