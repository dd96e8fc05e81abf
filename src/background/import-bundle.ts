/**
 * Import of an export file: parse, validate every record, and merge with what is stored without
 * overwriting newer local progress. Pure (no IndexedDB, no extension API): the worker reads the local
 * records and writes what `mergeImport` returns, in one transaction.
 *
 * Merge rules, per record kind:
 * - customers: union; the newer sighting's name wins; the overlay's open state stays local.
 * - subscriptions: merged exactly as a sighting is (mergeObservation): matched by id, else by name, a
 *   name-keyed copy folds into the id-keyed record it became; the newer `seenAt` wins.
 * - migrations: merged step by step (mergeMigrationRecords): each step takes the copy changed last,
 *   so progress made in either browser is kept with its evidence; notes and plan take the copy
 *   annotated last. The written record's revision goes above both so open overlays notice.
 * Timestamps from the future (a machine whose clock was ahead) are brought back to now: otherwise a
 * record would look newer than every real sighting for years and nothing could update it.
 * - partner rules: added when the id is new; a local rule with the same id is kept.
 * - settings: never applied. When saved later than the local ones, the report lists what they would
 *   change (old → new) for the partner to confirm on the dashboard; the app registration (who we
 *   sign in as) is never imported at all.
 * - what the organisation sets (src/core/managed-policy.ts) is never touched: a managed setting is
 *   left out of the proposal, and a rule with a managed rule's id is rejected ('managed-rule').
 * A file listing the same record twice (customer, subscription, migration) merges the copies by their
 * own timestamps, as it merges a copy with the local one: the order in the file decides nothing.
 * A record that fails validation is reported (path, reason) and skipped; the rest is merged. A file
 * that is not an export at all is rejected whole and nothing is written.
 */
import { LIMITS, type ImportableSetting, type ImportRejectionCode, type ImportReport, type SettingChange, type SettingsProposal } from '../messages.ts';
import { type CustomerRecord, type ExportBundle, type MigrationRecord, type Settings, type SubscriptionRecord } from '../core/records.ts';
import type { RetirementRule } from '../core/catalog-types.ts';
import { validateRetirementRule } from '../core/catalog-validate.ts';
import { EMPTY_POLICY, effectiveSettings, isManaged, isManagedRule, managedRefusal, type ManagedPolicy } from '../core/managed-policy.ts';
import {
  derivePhase,
  MIGRATION_STEPS,
  MIGRATION_WARNING_CODES,
  WARNINGS_MAX,
  type MigrationState,
  type MigrationStep,
  type MigrationStepId,
  type MigrationWarning,
  type MigrationWarningCode,
} from '../core/migration.ts';
import { mergeObservation, nameKey, subscriptionKey } from '../core/observation-merge.ts';
import { isIsoDate } from '../core/dates.ts';
import { multiLineText } from '../core/safe-text.ts';
import { clipped, customerId as guardCustomerId, customerObservation, isObject, notAfter, RELATIONSHIPS, settingsPatch } from './command-guard.ts';

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
  /** Keys of local subscriptions an imported one supersedes (a name-keyed copy now known by id). */
  deleteSubscriptions: string[];
  migrations: MigrationRecord[];
  rules: RetirementRule[];
}

export interface ImportOutcome {
  report: ImportReport;
  writes: ImportWrites;
}

function emptyReport(): ImportReport {
  return {
    accepted: { customers: 0, subscriptions: 0, migrations: 0, rules: 0 },
    keptLocal: { subscriptions: 0, migrations: 0, rules: 0 },
    upToDate: { subscriptions: 0, migrations: 0, rules: 0 },
    settingsProposed: null,
    appRegistrationIgnored: false,
    rejected: [],
    rejectedCount: 0,
    fileRejected: false,
  };
}

function fileRejected(reason: ImportRejectionCode, detail: string): ImportOutcome {
  const report = emptyReport();
  report.fileRejected = true;
  report.rejected.push({ path: '', reason, detail: detail.slice(0, LIMITS.importRejectionDetailLength) });
  report.rejectedCount = 1;
  return { report, writes: emptyWrites() };
}

function emptyWrites(): ImportWrites {
  return { customers: [], subscriptions: [], deleteSubscriptions: [], migrations: [], rules: [] };
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const isIso = (v: unknown): v is string => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v));
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A valid ISO timestamp, written in UTC and brought back to `now` if it lies in the future. */
function timestamp(value: unknown, now: string, path: string): string {
  if (!isIso(value)) throw new Error(`${path} must be an ISO timestamp`);
  return notAfter(new Date(Date.parse(value)).toISOString(), now);
}

function validCustomer(value: unknown, now: string): CustomerRecord {
  if (!isObject(value)) throw new Error('not an object');
  const id = guardCustomerId(value.customerId);
  if (value.name !== null && typeof value.name !== 'string') throw new Error('name must be text or null');
  // Clipped like a sighting's: a long name loses its end, not the customer.
  const name = value.name === null ? '' : clipped(value.name, 'name', LIMITS.nameLength);
  const relationship = value.relationship ?? 'unknown';
  if (!(RELATIONSHIPS as readonly unknown[]).includes(relationship)) throw new Error('unknown relationship');
  const lastEvidence = value.lastEvidence ?? '';
  if (typeof lastEvidence !== 'string' || lastEvidence.length > LIMITS.evidenceLength) throw new Error('lastEvidence must be short text');
  return {
    customerId: id,
    name: name === '' ? null : name,
    relationship: relationship as CustomerRecord['relationship'],
    firstSeenAt: timestamp(value.firstSeenAt, now, 'firstSeenAt'),
    lastSeenAt: timestamp(value.lastSeenAt, now, 'lastSeenAt'),
    lastEvidence,
    overlayOpen: value.overlayOpen === true,
  };
}

/**
 * The guard names fields from the command it checks ("subscription.subscriptions[0].quantity",
 * "settings.deprovisionDays"); the report already says which record, so keep the field alone.
 */
function withinRecord<T>(prefix: RegExp, check: () => T): T {
  try {
    return check();
  } catch (e) {
    throw new Error(errorText(e).replace(prefix, ''), { cause: e });
  }
}

function validSubscription(value: unknown, now: string): SubscriptionRecord {
  if (!isObject(value)) throw new Error('not an object');
  // Same checks as a live observation of one subscription.
  const obs = withinRecord(/^subscription\.(subscriptions\[0\]\.)?/, () =>
    customerObservation(
      {
        customerId: value.customerId,
        subscriptions: [{ ...value, key: undefined, customerId: undefined, source: undefined, evidence: undefined, seenAt: undefined }],
        source: value.source,
        evidence: value.evidence,
        seenAt: value.seenAt,
      },
      'subscription',
    ),
  );
  const sub = obs.subscriptions[0]!;
  // Never trust the file's key: recompute it the way live sightings are keyed.
  return { ...sub, key: subscriptionKey(obs.customerId, sub), customerId: obs.customerId, source: obs.source, evidence: obs.evidence, seenAt: notAfter(obs.seenAt, now) };
}

const STEP_STATUS = ['todo', 'in-progress', 'done'];
const EVIDENCE_SOURCES = ['page', 'api', 'manual'];
const dateOrNull = (v: unknown) => v === null || isIsoDate(v);

/** Null, or evidence as the reducer writes it: a known source, optional short page/text, a timestamp. */
function validEvidence(value: unknown, now: string, path: string): MigrationStep['evidence'] {
  if (value === null) return null;
  if (!isObject(value) || !EVIDENCE_SOURCES.includes(value.source as string)) throw new Error(`${path} is malformed`);
  const evidence: NonNullable<MigrationStep['evidence']> = { source: value.source as 'page' | 'api' | 'manual', at: timestamp(value.at, now, `${path}.at`) };
  for (const key of ['page', 'text'] as const) {
    const text = value[key];
    if (text === undefined) continue;
    if (typeof text !== 'string' || text.length > LIMITS.evidenceLength) throw new Error(`${path}.${key} must be short text`);
    evidence[key] = text;
  }
  return evidence;
}

/**
 * A stored migration state (src/core/migration.ts, schemaVersion 1), rebuilt field by field from
 * what the file holds: the dashboard and checklist read every one of these, so nothing is passed
 * through unchecked. The phase is recomputed from the steps rather than trusted.
 */
function validState(value: unknown, customerId: string, now: string): MigrationState {
  if (!isObject(value)) throw new Error('state is not an object');
  if (value.schemaVersion !== 1) throw new Error('state.schemaVersion must be 1');
  if (value.customerId !== customerId) throw new Error('state.customerId does not match');
  if (JSON.stringify(value).length > 64 * 1024) throw new Error('state is too large');
  if (!isObject(value.steps)) throw new Error('state.steps is missing');
  const rawSteps = value.steps;
  const steps = Object.fromEntries(
    MIGRATION_STEPS.map((id) => {
      const step = rawSteps[id];
      if (!isObject(step) || !STEP_STATUS.includes(step.status as string)) throw new Error(`state.steps.${id} is malformed`);
      if (typeof step.outOfOrder !== 'boolean') throw new Error(`state.steps.${id}.outOfOrder must be true or false`);
      const valid: MigrationStep = {
        status: step.status as MigrationStep['status'],
        updatedAt: step.updatedAt === null ? null : timestamp(step.updatedAt, now, `state.steps.${id}.updatedAt`),
        evidence: validEvidence(step.evidence ?? null, now, `state.steps.${id}.evidence`),
        outOfOrder: step.outOfOrder,
      };
      return [id, valid];
    }),
  ) as MigrationState['steps'];
  const users = value.users;
  if (
    users !== null &&
    !(isObject(users) && Number.isSafeInteger(users.moved) && Number.isSafeInteger(users.total) && (users.moved as number) >= 0 && (users.moved as number) <= (users.total as number))
  ) {
    throw new Error('state.users is malformed');
  }
  const usersHold = value.usersHold;
  if (usersHold !== undefined && !(Array.isArray(usersHold) && usersHold.length <= 50 && usersHold.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 200))) {
    throw new Error('state.usersHold is malformed');
  }
  const request = value.suspendRequest ?? null;
  if (
    request !== null &&
    !(isObject(request) && typeof request.override === 'boolean' && (request.usersLeft === null || (Number.isSafeInteger(request.usersLeft) && (request.usersLeft as number) >= 0)))
  ) {
    throw new Error('state.suspendRequest is malformed');
  }
  const seen = value.suspendSeen ?? null;
  if (seen !== null && !(isObject(seen) && dateOrNull(seen.date) && seen.date !== null)) throw new Error('state.suspendSeen is malformed');
  const seenEvidence = seen === null ? null : validEvidence(seen.evidence ?? null, now, 'state.suspendSeen.evidence');
  if (seen !== null && seenEvidence === null) throw new Error('state.suspendSeen.evidence is missing');
  for (const key of ['suspendedOn', 'deprovisionOn', 'deprovisionedOn', 'endDate'] as const) {
    if (!dateOrNull(value[key])) throw new Error(`state.${key} must be a date (YYYY-MM-DD, 1900–9999) or null`);
  }
  if (!(RELATIONSHIPS as readonly unknown[]).includes(value.relationship)) throw new Error('state.relationship is unknown');
  if (typeof value.otherChannel !== 'boolean') throw new Error('state.otherChannel must be true or false');
  if (!Array.isArray(value.warnings) || value.warnings.length > 100) throw new Error('state.warnings is malformed');
  const warnings = value.warnings.map((w, i): MigrationWarning => {
    if (!isObject(w) || !MIGRATION_WARNING_CODES.includes(w.code as MigrationWarningCode)) throw new Error(`state.warnings[${i}] is malformed`);
    const warning: MigrationWarning = { code: w.code as MigrationWarningCode, at: timestamp(w.at, now, `state.warnings[${i}].at`) };
    if (w.step !== undefined) {
      if (!(MIGRATION_STEPS as readonly unknown[]).includes(w.step)) throw new Error(`state.warnings[${i}].step is unknown`);
      warning.step = w.step as MigrationStepId;
    }
    if (w.usersLeft !== undefined) {
      if (w.usersLeft !== null && !(Number.isSafeInteger(w.usersLeft) && (w.usersLeft as number) >= 0)) throw new Error(`state.warnings[${i}].usersLeft is malformed`);
      warning.usersLeft = w.usersLeft as number | null;
    }
    return warning;
  });
  if (!Number.isSafeInteger(value.revision) || (value.revision as number) < 0) throw new Error('state.revision is malformed');
  const withoutPhase: Omit<MigrationState, 'phase'> = {
    schemaVersion: 1,
    customerId,
    steps,
    users: users === null ? null : { moved: users.moved as number, total: users.total as number },
    ...(usersHold !== undefined ? { usersHold: [...(usersHold as string[])] } : {}),
    suspendRequest: request === null ? null : { at: timestamp(request.at, now, 'state.suspendRequest.at'), override: request.override as boolean, usersLeft: request.usersLeft as number | null },
    suspendSeen: seen === null || seenEvidence === null ? null : { date: seen.date as string, evidence: seenEvidence },
    suspendedOn: value.suspendedOn as string | null,
    deprovisionOn: value.deprovisionOn as string | null,
    deprovisionedOn: value.deprovisionedOn as string | null,
    endDate: value.endDate as string | null,
    relationship: value.relationship as MigrationState['relationship'],
    otherChannel: value.otherChannel,
    warnings: warnings.slice(-WARNINGS_MAX),
    revision: value.revision as number,
    createdAt: timestamp(value.createdAt, now, 'state.createdAt'),
    updatedAt: timestamp(value.updatedAt, now, 'state.updatedAt'),
  };
  return { ...withoutPhase, phase: derivePhase(withoutPhase) };
}

function validMigration(value: unknown, now: string): MigrationRecord {
  if (!isObject(value)) throw new Error('not an object');
  const id = guardCustomerId(value.customerId);
  if (!Number.isSafeInteger(value.revision) || (value.revision as number) < 0) throw new Error('revision must be a whole number');
  const planChoice = value.planChoice ?? null;
  if (planChoice !== null && planChoice !== 'one-to-one' && planChoice !== 'consolidated') throw new Error('planChoice is unknown');
  const raw = value.notes ?? '';
  if (typeof raw !== 'string' || raw.length > LIMITS.notesLength) throw new Error('notes must be text');
  const notes = multiLineText(raw);
  const record: MigrationRecord = {
    customerId: id,
    revision: value.revision as number,
    updatedAt: timestamp(value.updatedAt, now, 'updatedAt'),
    state: validState(value.state, id, now),
    planChoice,
    notes,
  };
  if (value.annotatedAt !== undefined) record.annotatedAt = timestamp(value.annotatedAt, now, 'annotatedAt');
  return record;
}

const STATUS_RANK = { todo: 0, 'in-progress': 1, done: 2 } as const;

/** The copy of a step changed last; on a tie, the further one (a step done stays done). */
function laterStep(a: MigrationStep, b: MigrationStep): MigrationStep {
  const at = (s: MigrationStep) => s.updatedAt ?? '';
  if (at(a) !== at(b)) return at(a) > at(b) ? a : b;
  return STATUS_RANK[b.status] > STATUS_RANK[a.status] ? b : a;
}

/** When the notes or plan were last changed; older records without `annotatedAt` only know updatedAt. */
const annotatedAt = (m: MigrationRecord) => m.annotatedAt ?? m.updatedAt;

/**
 * Two copies of one customer's migration (this browser's and the file's), merged so that what was
 * done in either is kept: each step, with what goes with it, from the copy that changed it last
 * (users with the reassign step; the suspension request and dates with the suspend step); a
 * de-provisioning seen in either stays; facts about the customer from the newer state; warnings
 * from both. Notes and plan from the copy annotated last. The phase is recomputed.
 */
export function mergeMigrationRecords(mine: MigrationRecord, theirs: MigrationRecord): MigrationRecord {
  const a = mine.state;
  const b = theirs.state;
  const newer = b.updatedAt > a.updatedAt ? b : a;
  const steps = {} as MigrationState['steps'];
  for (const id of MIGRATION_STEPS) steps[id] = structuredClone(laterStep(a.steps[id], b.steps[id]));
  const reassignFrom = laterStep(a.steps.reassign, b.steps.reassign) === a.steps.reassign ? a : b;
  const suspendFrom = laterStep(a.steps.suspend, b.steps.suspend) === a.steps.suspend ? a : b;
  const deprovisionedOn = [a.deprovisionedOn, b.deprovisionedOn].filter((d): d is string => d !== null).sort()[0] ?? null;
  const seen = new Set<string>();
  const warnings = [...a.warnings, ...b.warnings]
    .filter((w) => {
      const key = JSON.stringify([w.code, w.step ?? null, w.usersLeft ?? null, w.at]);
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0))
    .slice(-WARNINGS_MAX);
  const revision = Math.max(mine.revision, theirs.revision, a.revision, b.revision) + 1;
  const withoutPhase: Omit<MigrationState, 'phase'> = {
    schemaVersion: 1,
    customerId: a.customerId,
    steps,
    users: structuredClone(reassignFrom.users),
    ...(reassignFrom.usersHold !== undefined ? { usersHold: [...reassignFrom.usersHold] } : {}),
    suspendRequest: structuredClone(suspendFrom.suspendRequest),
    suspendSeen: structuredClone(suspendFrom.suspendSeen ?? null),
    suspendedOn: suspendFrom.suspendedOn,
    deprovisionOn: suspendFrom.deprovisionOn,
    deprovisionedOn,
    endDate: newer.endDate,
    relationship: newer.relationship,
    otherChannel: newer.otherChannel,
    warnings,
    revision,
    createdAt: a.createdAt < b.createdAt ? a.createdAt : b.createdAt,
    updatedAt: newer.updatedAt,
  };
  const notesFrom = annotatedAt(theirs) > annotatedAt(mine) ? theirs : mine;
  const record: MigrationRecord = {
    customerId: mine.customerId,
    revision,
    updatedAt: mine.updatedAt > theirs.updatedAt ? mine.updatedAt : theirs.updatedAt,
    state: { ...withoutPhase, phase: derivePhase(withoutPhase) },
    planChoice: notesFrom.planChoice,
    notes: notesFrom.notes,
  };
  const at = (mine.annotatedAt ?? theirs.annotatedAt) ? annotatedAt(notesFrom) : undefined;
  if (at !== undefined) record.annotatedAt = at;
  record.notesRevision = notesRevisionAfter(mine, record.notes);
  return record;
}

/** An editor open on `mine` must not save over notes an import brought: their revision moves on. */
function notesRevisionAfter(mine: MigrationRecord | undefined, notes: string): number {
  const revision = mine?.notesRevision ?? 0;
  return notes === (mine?.notes ?? '') ? revision : revision + 1;
}

/** JSON with object keys sorted, so two records built in a different key order compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (isObject(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v));
}

/** Whether a merge brought anything the local record did not have (revisions and stamps aside). */
function sameProgress(a: MigrationRecord, b: MigrationRecord): boolean {
  const strip = (m: MigrationRecord) => canonical({ ...m, revision: 0, notesRevision: 0, updatedAt: '', annotatedAt: '', state: { ...m.state, revision: 0, updatedAt: '', createdAt: '' } });
  return strip(a) === strip(b);
}

const IMPORTABLE_SETTINGS: readonly ImportableSetting[] = ['thresholds', 'deprovisionDays', 'remindersEnabled'];

/** The file's settings, checked as a `settings/put` would be, without the app registration (never imported). */
function fileSettings(value: unknown, now: string): { patch: SettingsProposal['patch']; updatedAt: string | null } {
  if (!isObject(value)) throw new Error('not an object');
  const { updatedAt, appRegistration: _appRegistration, ...rest } = value;
  const patch = withinRecord(/^settings\./, () => settingsPatch(rest));
  return { patch, updatedAt: updatedAt === null || updatedAt === undefined ? null : timestamp(updatedAt, now, 'updatedAt') };
}

/** What the file's settings would change here, or null when nothing (or when the local ones were saved later). */
function settingsProposal(local: Settings, file: { patch: SettingsProposal['patch']; updatedAt: string | null }, policy: ManagedPolicy): SettingsProposal | null {
  if (!file.updatedAt || (local.updatedAt !== null && file.updatedAt <= local.updatedAt)) return null;
  const changes: SettingChange[] = [];
  for (const setting of IMPORTABLE_SETTINGS) {
    if (isManaged(policy, setting)) continue;
    const to = file.patch[setting];
    if (to !== undefined && canonical(to) !== canonical(local[setting])) changes.push({ setting, from: local[setting], to } as SettingChange);
  }
  if (changes.length === 0) return null;
  return { changes, patch: Object.fromEntries(changes.map((c) => [c.setting, c.to])) };
}

/** The file names an app registration, and not this browser's. */
function otherAppRegistration(fileSettings: unknown, local: Settings): boolean {
  if (!isObject(fileSettings) || !isObject(fileSettings.appRegistration)) return false;
  const { clientId, tenant } = fileSettings.appRegistration;
  const mine = local.appRegistration;
  return !mine || String(clientId).toLowerCase() !== mine.clientId || String(tenant) !== mine.tenant;
}

/** A customer seen in both copies: the newer sighting's name and relationship, the earliest first sighting; the overlay state stays. */
function mergeCustomers(mine: CustomerRecord, theirs: CustomerRecord): CustomerRecord {
  const theirsNewer = theirs.lastSeenAt > mine.lastSeenAt;
  return {
    ...mine,
    name: theirsNewer ? (theirs.name ?? mine.name) : (mine.name ?? theirs.name),
    relationship: theirsNewer && theirs.relationship !== 'unknown' ? theirs.relationship : mine.relationship === 'unknown' ? theirs.relationship : mine.relationship,
    firstSeenAt: theirs.firstSeenAt < mine.firstSeenAt ? theirs.firstSeenAt : mine.firstSeenAt,
    lastSeenAt: theirsNewer ? theirs.lastSeenAt : mine.lastSeenAt,
    lastEvidence: theirsNewer ? theirs.lastEvidence : mine.lastEvidence,
  };
}

/** Parses and merges `json` into `local`; `now` (ISO) caps timestamps from the future. Never throws. */
export function mergeImport(json: string, local: LocalData, now: string, policy: ManagedPolicy = EMPTY_POLICY): ImportOutcome {
  if (json.length > LIMITS.importLength) return fileRejected('too-large', `larger than ${LIMITS.importLength} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    return fileRejected('not-json', errorText(e));
  }
  // The reason already says it is not a SKU Shift export: no detail to repeat it.
  if (!isObject(parsed) || parsed.format !== 'sku-shift-export') return fileRejected('wrong-format', '');
  if (parsed.version !== 1) return fileRejected('unsupported-version', `version ${String(parsed.version)}`);
  const lists = { customers: parsed.customers, subscriptions: parsed.subscriptions ?? [], migrations: parsed.migrations ?? [], rules: parsed.rules ?? [] };
  for (const [name, list] of Object.entries(lists)) {
    if (!Array.isArray(list)) return fileRejected('wrong-format', `${name} must be a list`);
    if (list.length > IMPORT_LIMITS[name as keyof typeof IMPORT_LIMITS]) return fileRejected('too-many-records', `more than ${IMPORT_LIMITS[name as keyof typeof IMPORT_LIMITS]} ${name}`);
  }

  const report = emptyReport();
  const writes = emptyWrites();
  // A 1 MB file of junk items must not make a reply fifty times its size: list the first ones, count them all.
  const reject = (path: string, reason: ImportRejectionCode, e: unknown) => {
    report.rejectedCount += 1;
    if (report.rejected.length < LIMITS.importRejectionsListed) report.rejected.push({ path, reason, detail: errorText(e).slice(0, LIMITS.importRejectionDetailLength) });
  };

  // Customers
  const localCustomers = new Map(local.customers.map((c) => [c.customerId, c]));
  const known = new Set(localCustomers.keys());
  const putCustomers = new Map<string, CustomerRecord>();
  (lists.customers as unknown[]).forEach((raw, i) => {
    let c: CustomerRecord;
    try {
      c = validCustomer(raw, now);
    } catch (e) {
      return reject(`customers[${i}]`, 'invalid-customer', e);
    }
    known.add(c.customerId);
    // `mine` is the local record, or the file's earlier copy of the same customer already merged.
    const mine = localCustomers.get(c.customerId);
    const merged = mine ? mergeCustomers(mine, c) : { ...c, overlayOpen: false };
    if (mine && JSON.stringify(merged) === JSON.stringify(mine)) return;
    if (!putCustomers.has(merged.customerId)) report.accepted.customers += 1;
    putCustomers.set(merged.customerId, merged);
    localCustomers.set(merged.customerId, merged);
  });
  writes.customers.push(...putCustomers.values());

  // Subscriptions: each imported record is merged as a sighting of that one subscription, so it
  // matches by id or name the way live sightings do and never duplicates an upgraded record.
  const subsByCustomer = new Map<string, SubscriptionRecord[]>();
  for (const s of local.subscriptions) {
    const list = subsByCustomer.get(s.customerId);
    if (list) list.push(s);
    else subsByCustomer.set(s.customerId, [s]);
  }
  const putSubs = new Map<string, SubscriptionRecord>();
  const deletedSubs = new Set<string>();
  (lists.subscriptions as unknown[]).forEach((raw, i) => {
    let s: SubscriptionRecord;
    try {
      s = validSubscription(raw, now);
    } catch (e) {
      return reject(`subscriptions[${i}]`, 'invalid-subscription', e);
    }
    if (!known.has(s.customerId)) return reject(`subscriptions[${i}]`, 'unknown-customer', new Error(s.customerId));
    const current = subsByCustomer.get(s.customerId) ?? [];
    const { key: _key, customerId, source, evidence, seenAt, ...sub } = s;
    const merge = mergeObservation(localCustomers.get(customerId), current, { customerId, subscriptions: [sub], source, evidence, seenAt });
    if (merge.put.length === 0) {
      // Nothing to write: the stored copy is the same one, or a strictly newer sighting of it.
      const mine = current.find((r) => r.key === s.key) ?? current.find((r) => nameKey(r.name) === nameKey(s.name));
      if (mine && mine.seenAt > s.seenAt) report.keptLocal.subscriptions += 1;
      else report.upToDate.subscriptions += 1;
      return;
    }
    const replaced = new Set([...merge.delete, ...merge.put.map((r) => r.key)]);
    subsByCustomer.set(customerId, [...current.filter((r) => !replaced.has(r.key)), ...merge.put]);
    for (const key of merge.delete) {
      putSubs.delete(key);
      deletedSubs.add(key);
    }
    for (const r of merge.put) {
      putSubs.set(r.key, r);
      deletedSubs.delete(r.key);
    }
    report.accepted.subscriptions += 1;
  });
  writes.subscriptions.push(...putSubs.values());
  writes.deleteSubscriptions.push(...deletedSubs);

  // Migrations (a file listing one customer twice merges both copies, step by step)
  const localMigrations = new Map(local.migrations.map((m) => [m.customerId, m]));
  const putMigrations = new Map<string, MigrationRecord>();
  (lists.migrations as unknown[]).forEach((raw, i) => {
    let m: MigrationRecord;
    try {
      m = validMigration(raw, now);
    } catch (e) {
      return reject(`migrations[${i}]`, 'invalid-migration', e);
    }
    if (!known.has(m.customerId)) return reject(`migrations[${i}]`, 'unknown-customer', new Error(m.customerId));
    const mine = localMigrations.get(m.customerId);
    const record = mine ? mergeMigrationRecords(mine, m) : { ...m, state: { ...m.state, revision: m.revision }, notesRevision: notesRevisionAfter(undefined, m.notes) };
    // Counted once per customer: a second copy in the file is merged into the first, not the local one.
    const again = putMigrations.has(m.customerId);
    if (mine && sameProgress(mine, record)) {
      // The file adds nothing: it holds the same progress (up to date) or less of it (ours is newer).
      if (!again) {
        if (sameProgress(mine, m)) report.upToDate.migrations += 1;
        else report.keptLocal.migrations += 1;
      }
      return;
    }
    if (!again) report.accepted.migrations += 1;
    putMigrations.set(record.customerId, record);
    localMigrations.set(record.customerId, record);
  });
  writes.migrations.push(...putMigrations.values());

  // Partner rules
  const localRules = new Map(local.rules.map((r) => [r.id, r]));
  (lists.rules as unknown[]).forEach((raw, i) => {
    const result = validateRetirementRule(raw);
    if (!result.ok) return reject(`rules[${i}]`, 'invalid-rule', new Error(result.errors.join('; ')));
    if (isManagedRule(policy, result.rule.id)) return reject(`rules[${i}]`, 'managed-rule', new Error(managedRefusal([`rule "${result.rule.id}"`])));
    const mine = localRules.get(result.rule.id);
    if (mine) {
      if (canonical({ ...mine, origin: 'partner' }) === canonical({ ...result.rule, origin: 'partner' })) report.upToDate.rules += 1;
      else report.keptLocal.rules += 1;
      return;
    }
    localRules.set(result.rule.id, result.rule);
    writes.rules.push({ ...result.rule, origin: 'partner' });
    report.accepted.rules += 1;
  });

  // Settings: proposed, never applied (see the header).
  if (parsed.settings !== undefined) {
    report.appRegistrationIgnored = otherAppRegistration(parsed.settings, effectiveSettings(local.settings, policy));
    try {
      report.settingsProposed = settingsProposal(local.settings, fileSettings(parsed.settings, now), policy);
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
