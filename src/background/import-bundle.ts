/**
 * Import of an export file: parse, validate every record, and merge with what is stored without
 * overwriting newer local progress. Pure (no IndexedDB, no extension API): the worker reads the local
 * records and writes what `mergeImport` returns, in one transaction.
 *
 * Merge rules, per record kind:
 * - customers: union; the newer sighting's name wins; the overlay's open state stays local.
 * - subscriptions: keyed as page/API sightings are (id, else normalised name); the newer `seenAt` wins.
 * - migrations: the one with the newer `updatedAt` wins (a migration is one customer's progress: mixing
 *   steps from two copies could show a step done that no one did); the written record's revision goes
 *   above both so open overlays notice.
 * - partner rules: added when the id is new; a local rule with the same id is kept.
 * - settings: taken only when saved later than the local ones.
 * A record that fails validation is reported (path, reason) and skipped; the rest is merged. A file
 * that is not an export at all is rejected whole and nothing is written.
 */
import {
  DEFAULT_SETTINGS,
  LIMITS,
  type CustomerRecord,
  type ExportBundle,
  type ImportRejectionCode,
  type ImportReport,
  type MigrationRecord,
  type Settings,
  type SubscriptionRecord,
} from '../messages.ts';
import type { RetirementRule } from '../core/catalog-types.ts';
import { validateRetirementRule } from '../core/catalog.ts';
import { MIGRATION_STEPS, type MigrationState } from '../core/migration.ts';
import { subscriptionKey } from '../core/observation-merge.ts';
import { customerId as guardCustomerId, customerObservation, settingsPatch } from './command-guard.ts';

export const IMPORT_LIMITS = { customers: 50_000, subscriptions: 500_000, migrations: 50_000, rules: 500 } as const;

export interface LocalData {
  customers: CustomerRecord[];
  subscriptions: SubscriptionRecord[];
  migrations: MigrationRecord[];
  rules: RetirementRule[];
  settings: Settings;
}

export interface ImportWrites {
  customers: CustomerRecord[];
  subscriptions: SubscriptionRecord[];
  migrations: MigrationRecord[];
  rules: RetirementRule[];
  settings: Settings | null;
}

export interface ImportOutcome {
  report: ImportReport;
  writes: ImportWrites;
}

function emptyReport(): ImportReport {
  return {
    accepted: { customers: 0, subscriptions: 0, migrations: 0, rules: 0, settings: false },
    keptLocal: { subscriptions: 0, migrations: 0, rules: 0, settings: false },
    rejected: [],
    fileRejected: false,
  };
}

function fileRejected(reason: ImportRejectionCode, detail: string): ImportOutcome {
  const report = emptyReport();
  report.fileRejected = true;
  report.rejected.push({ path: '', reason, detail });
  return { report, writes: { customers: [], subscriptions: [], migrations: [], rules: [], settings: null } };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const isIso = (v: unknown): v is string => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v));
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

function validCustomer(value: unknown): CustomerRecord {
  if (!isObj(value)) throw new Error('not an object');
  const id = guardCustomerId(value.customerId);
  const name = value.name;
  if (name !== null && (typeof name !== 'string' || name.length > LIMITS.nameLength)) throw new Error('name must be text or null');
  const relationship = value.relationship ?? 'unknown';
  if (!['reseller', 'indirect-reseller', 'advisor', 'none', 'unknown'].includes(relationship as string)) throw new Error('unknown relationship');
  if (!isIso(value.firstSeenAt) || !isIso(value.lastSeenAt)) throw new Error('firstSeenAt and lastSeenAt must be ISO timestamps');
  const lastEvidence = value.lastEvidence ?? '';
  if (typeof lastEvidence !== 'string' || lastEvidence.length > LIMITS.evidenceLength) throw new Error('lastEvidence must be short text');
  return {
    customerId: id,
    name: name as string | null,
    relationship: relationship as CustomerRecord['relationship'],
    firstSeenAt: value.firstSeenAt,
    lastSeenAt: value.lastSeenAt,
    lastEvidence,
    overlayOpen: value.overlayOpen === true,
  };
}

function validSubscription(value: unknown): SubscriptionRecord {
  if (!isObj(value)) throw new Error('not an object');
  // Same checks as a live observation of one subscription.
  const obs = customerObservation(
    { customerId: value.customerId, subscriptions: [{ ...value, key: undefined, customerId: undefined, source: undefined, evidence: undefined, seenAt: undefined }], source: value.source, evidence: value.evidence, seenAt: value.seenAt },
    'subscription',
  );
  const sub = obs.subscriptions[0]!;
  // Never trust the file's key: recompute it the way live sightings are keyed.
  return { ...sub, key: subscriptionKey(obs.customerId, sub), customerId: obs.customerId, source: obs.source, evidence: obs.evidence, seenAt: obs.seenAt };
}

const STEP_STATUS = ['todo', 'in-progress', 'done'];
const PHASES = ['invite', 'purchase', 'reassign', 'suspend', 'customer-must-cancel', 'suspended', 'deprovisioned'];
const YMD = /^\d{4}-\d{2}-\d{2}$/;
const ymdOrNull = (v: unknown) => v === null || (typeof v === 'string' && YMD.test(v));

/** Structural check of a stored migration state (src/core/migration.ts, schemaVersion 1). */
function validState(value: unknown, customerId: string): MigrationState {
  if (!isObj(value)) throw new Error('state is not an object');
  if (value.schemaVersion !== 1) throw new Error('state.schemaVersion must be 1');
  if (value.customerId !== customerId) throw new Error('state.customerId does not match');
  if (!PHASES.includes(value.phase as string)) throw new Error('state.phase is unknown');
  if (!isObj(value.steps)) throw new Error('state.steps is missing');
  for (const id of MIGRATION_STEPS) {
    const step = value.steps[id];
    if (!isObj(step) || !STEP_STATUS.includes(step.status as string)) throw new Error(`state.steps.${id} is malformed`);
    if (step.updatedAt !== null && !isIso(step.updatedAt)) throw new Error(`state.steps.${id}.updatedAt is not a timestamp`);
    if (typeof step.outOfOrder !== 'boolean') throw new Error(`state.steps.${id}.outOfOrder must be true or false`);
  }
  const users = value.users;
  if (users !== null && !(isObj(users) && Number.isSafeInteger(users.moved) && Number.isSafeInteger(users.total) && (users.moved as number) >= 0 && (users.moved as number) <= (users.total as number))) {
    throw new Error('state.users is malformed');
  }
  for (const key of ['suspendedOn', 'deprovisionOn', 'deprovisionedOn', 'endDate'] as const) {
    if (!ymdOrNull(value[key])) throw new Error(`state.${key} must be a date or null`);
  }
  if (typeof value.otherChannel !== 'boolean') throw new Error('state.otherChannel must be true or false');
  if (!Array.isArray(value.warnings) || value.warnings.length > 100) throw new Error('state.warnings is malformed');
  if (!Number.isSafeInteger(value.revision) || (value.revision as number) < 0) throw new Error('state.revision is malformed');
  if (!isIso(value.createdAt) || !isIso(value.updatedAt)) throw new Error('state timestamps are malformed');
  if (JSON.stringify(value).length > 64 * 1024) throw new Error('state is too large');
  return value as unknown as MigrationState;
}

function validMigration(value: unknown): MigrationRecord {
  if (!isObj(value)) throw new Error('not an object');
  const id = guardCustomerId(value.customerId);
  if (!Number.isSafeInteger(value.revision) || (value.revision as number) < 0) throw new Error('revision must be a whole number');
  if (!isIso(value.updatedAt)) throw new Error('updatedAt must be an ISO timestamp');
  const planChoice = value.planChoice ?? null;
  if (planChoice !== null && planChoice !== 'one-to-one' && planChoice !== 'consolidated') throw new Error('planChoice is unknown');
  const notes = value.notes ?? '';
  if (typeof notes !== 'string' || notes.length > LIMITS.notesLength) throw new Error('notes must be text');
  return { customerId: id, revision: value.revision as number, updatedAt: value.updatedAt, state: validState(value.state, id), planChoice, notes };
}

function validSettings(value: unknown): Settings {
  if (!isObj(value)) throw new Error('not an object');
  const { updatedAt, ...rest } = value;
  const patch = settingsPatch(rest);
  if (updatedAt !== null && updatedAt !== undefined && !isIso(updatedAt)) throw new Error('updatedAt must be an ISO timestamp');
  return { ...DEFAULT_SETTINGS, ...patch, updatedAt: (updatedAt as string | null | undefined) ?? null };
}

/** Parses and merges `json` into `local`. Never throws. */
export function mergeImport(json: string, local: LocalData): ImportOutcome {
  if (json.length > LIMITS.importLength) return fileRejected('too-large', `larger than ${LIMITS.importLength} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    return fileRejected('not-json', errorText(e));
  }
  if (!isObj(parsed) || parsed.format !== 'sku-shift-export') return fileRejected('wrong-format', 'not a SKU Shift export');
  if (parsed.version !== 1) return fileRejected('unsupported-version', `version ${String(parsed.version)}`);
  const lists = { customers: parsed.customers, subscriptions: parsed.subscriptions ?? [], migrations: parsed.migrations ?? [], rules: parsed.rules ?? [] };
  for (const [name, list] of Object.entries(lists)) {
    if (!Array.isArray(list)) return fileRejected('wrong-format', `${name} must be a list`);
    if (list.length > IMPORT_LIMITS[name as keyof typeof IMPORT_LIMITS]) return fileRejected('too-large', `more than ${IMPORT_LIMITS[name as keyof typeof IMPORT_LIMITS]} ${name}`);
  }

  const report = emptyReport();
  const writes: ImportWrites = { customers: [], subscriptions: [], migrations: [], rules: [], settings: null };
  const reject = (path: string, reason: ImportRejectionCode, e: unknown) => report.rejected.push({ path, reason, detail: errorText(e) });

  // Customers
  const localCustomers = new Map(local.customers.map((c) => [c.customerId, c]));
  const known = new Set(localCustomers.keys());
  (lists.customers as unknown[]).forEach((raw, i) => {
    let c: CustomerRecord;
    try {
      c = validCustomer(raw);
    } catch (e) {
      return reject(`customers[${i}]`, 'invalid-customer', e);
    }
    known.add(c.customerId);
    const mine = localCustomers.get(c.customerId);
    if (!mine) {
      writes.customers.push({ ...c, overlayOpen: false });
      report.accepted.customers += 1;
      return;
    }
    const theirsNewer = c.lastSeenAt > mine.lastSeenAt;
    const merged: CustomerRecord = {
      ...mine,
      name: theirsNewer ? (c.name ?? mine.name) : (mine.name ?? c.name),
      relationship: theirsNewer && c.relationship !== 'unknown' ? c.relationship : mine.relationship === 'unknown' ? c.relationship : mine.relationship,
      firstSeenAt: c.firstSeenAt < mine.firstSeenAt ? c.firstSeenAt : mine.firstSeenAt,
      lastSeenAt: theirsNewer ? c.lastSeenAt : mine.lastSeenAt,
      lastEvidence: theirsNewer ? c.lastEvidence : mine.lastEvidence,
    };
    if (JSON.stringify(merged) !== JSON.stringify(mine)) {
      writes.customers.push(merged);
      localCustomers.set(merged.customerId, merged);
      report.accepted.customers += 1;
    }
  });

  // Subscriptions
  const localSubs = new Map(local.subscriptions.map((s) => [s.key, s]));
  (lists.subscriptions as unknown[]).forEach((raw, i) => {
    let s: SubscriptionRecord;
    try {
      s = validSubscription(raw);
    } catch (e) {
      return reject(`subscriptions[${i}]`, 'invalid-subscription', e);
    }
    if (!known.has(s.customerId)) return reject(`subscriptions[${i}]`, 'unknown-customer', new Error(s.customerId));
    const mine = localSubs.get(s.key);
    if (mine && mine.seenAt >= s.seenAt) {
      report.keptLocal.subscriptions += 1;
      return;
    }
    writes.subscriptions.push(s);
    localSubs.set(s.key, s);
    report.accepted.subscriptions += 1;
  });

  // Migrations
  const localMigrations = new Map(local.migrations.map((m) => [m.customerId, m]));
  (lists.migrations as unknown[]).forEach((raw, i) => {
    let m: MigrationRecord;
    try {
      m = validMigration(raw);
    } catch (e) {
      return reject(`migrations[${i}]`, 'invalid-migration', e);
    }
    if (!known.has(m.customerId)) return reject(`migrations[${i}]`, 'unknown-customer', new Error(m.customerId));
    const mine = localMigrations.get(m.customerId);
    if (mine && mine.updatedAt >= m.updatedAt) {
      report.keptLocal.migrations += 1;
      return;
    }
    const record = { ...m, revision: Math.max(m.revision, mine?.revision ?? 0) + 1 };
    writes.migrations.push(record);
    localMigrations.set(m.customerId, record);
    report.accepted.migrations += 1;
  });

  // Partner rules
  const localRules = new Set(local.rules.map((r) => r.id));
  (lists.rules as unknown[]).forEach((raw, i) => {
    const result = validateRetirementRule(raw);
    if (!result.ok) return reject(`rules[${i}]`, 'invalid-rule', new Error(result.errors.join('; ')));
    if (localRules.has(result.rule.id)) {
      report.keptLocal.rules += 1;
      return;
    }
    localRules.add(result.rule.id);
    writes.rules.push({ ...result.rule, origin: 'partner' });
    report.accepted.rules += 1;
  });

  // Settings
  if (parsed.settings !== undefined) {
    try {
      const theirs = validSettings(parsed.settings);
      if (theirs.updatedAt && (!local.settings.updatedAt || theirs.updatedAt > local.settings.updatedAt)) {
        writes.settings = theirs;
        report.accepted.settings = true;
      } else {
        report.keptLocal.settings = true;
      }
    } catch (e) {
      reject('settings', 'invalid-settings', e);
    }
  }
  return { report, writes };
}

export function exportBundle(local: LocalData, now: string): ExportBundle {
  return {
    format: 'sku-shift-export',
    version: 1,
    exportedAt: now,
    customers: local.customers,
    subscriptions: local.subscriptions,
    migrations: local.migrations,
    rules: local.rules,
    settings: local.settings,
  };
}
