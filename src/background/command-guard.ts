/**
 * Validation of everything the worker receives. Messages come from content scripts running in
 * Partner Center pages and from extension pages; a content script's page may be hostile, so every
 * field is checked for type, size and range before any handler sees it. Unknown or malformed
 * messages get an error reply and change nothing.
 */
import { isGuid } from '../core/partner-center-urls.ts';
import type { CustomerObservation, SubscriptionObservation } from '../core/observation.ts';
import { LIMITS, type Command, type CommandKind, type ReplyError, type SettingsPatch } from '../messages.ts';
import type { JsonValue } from '../core/records.ts';
import { MIGRATION_STEPS, type MigrationEvent, type MigrationEventType } from '../core/migration.ts';
import { isIsoDate } from '../core/dates.ts';

export type GuardResult = { ok: true; command: Command } | { ok: false; error: ReplyError };

/** Who sent a message, as the extension API reports it (subset of runtime.MessageSender). */
export interface SenderInfo {
  id?: string;
  url?: string;
  /** Present when the sender is a content script (or a page in a tab: checked through `url`). */
  tab?: unknown;
}

/** Commands a content script on Partner Center may send. Bulk data, settings and rules are pages-only. */
const CONTENT_SCRIPT_COMMANDS: ReadonlySet<CommandKind> = new Set<CommandKind>([
  'observations/record',
  'customer/get',
  'customer/overlay-set',
  'migration/apply',
  'migration/annotate',
  'settings/get',
  'rules/list',
  'events/list',
]);

const PARTNER_CENTER_ORIGIN = 'https://partner.microsoft.com';

/**
 * Accepts this extension's own pages (any command) and its content scripts on Partner Center
 * (the commands a page needs). `extensionId` and `extensionOrigin` come from the runtime.
 */
export function checkSender(sender: SenderInfo, kind: CommandKind, extensionId: string, extensionOrigin: string): ReplyError | null {
  if (sender.id !== extensionId) return { code: 'forbidden-sender', message: 'Messages from other extensions are refused.' };
  const url = sender.url ?? '';
  const origin = extensionOrigin.replace(/\/$/, '');
  if (url === origin || url.startsWith(`${origin}/`)) return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed && parsed.origin === PARTNER_CENTER_ORIGIN) {
    if (CONTENT_SCRIPT_COMMANDS.has(kind)) return null;
    return { code: 'forbidden-sender', message: `"${kind}" is only accepted from the extension's own pages.` };
  }
  return { code: 'forbidden-sender', message: 'Messages are accepted only from the extension pages and Partner Center.' };
}

// ─── Small checks ───

class Invalid extends Error {
  constructor(
    readonly code: 'invalid-command' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}

type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, path: string): Obj {
  if (!isObject(value)) throw new Invalid('invalid-command', `${path} must be an object`);
  return value;
}

function string(value: unknown, path: string, max: number, { allowEmpty = false } = {}): string {
  if (typeof value !== 'string') throw new Invalid('invalid-command', `${path} must be a string`);
  if (value.length > max) throw new Invalid('too-large', `${path} is longer than ${max} characters`);
  if (!allowEmpty && value.trim() === '') throw new Invalid('invalid-command', `${path} must not be empty`);
  return value;
}

function optionalString(value: unknown, path: string, max: number): string | undefined {
  return value === undefined ? undefined : string(value, path, max);
}

function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Invalid('invalid-command', `${path} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new Invalid('invalid-command', `${path} must be true or false`);
  return value;
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new Invalid('invalid-command', `${path} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function array(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new Invalid('invalid-command', `${path} must be an array`);
  if (value.length > max) throw new Invalid('too-large', `${path} has more than ${max} items`);
  return value;
}


/** Tenant GUIDs are stored lower-case; anything else is refused rather than guessed. */
export function customerId(value: unknown, path = 'customerId'): string {
  const id = string(value, path, LIMITS.idLength).trim().toLowerCase();
  if (!isGuid(id)) throw new Invalid('invalid-command', `${path} must be a tenant GUID`);
  return id;
}

/**
 * A timestamp no later than `now` (both ISO, UTC). Records are ordered by these: one from the future
 * (a sender's clock ahead) would win over every real sighting until that day came.
 */
export function notAfter(timestamp: string, now: string): string {
  return timestamp > now ? now : timestamp;
}

function isoTimestamp(value: unknown, path: string): string {
  const s = string(value, path, 40);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s) || Number.isNaN(Date.parse(s))) throw new Invalid('invalid-command', `${path} must be an ISO timestamp`);
  return new Date(Date.parse(s)).toISOString();
}

/** A real calendar day in the years the core date arithmetic accepts (src/core/dates.ts): 1900–9999. */
function ymd(value: unknown, path: string): string {
  const s = string(value, path, 10);
  if (!isIsoDate(s)) throw new Invalid('invalid-command', `${path} must be a date YYYY-MM-DD from 1900 to 9999`);
  return s;
}

/** A JSON value of bounded size, cloned to plain data (drops prototypes, refuses cycles). */
function boundedJson(value: unknown, path: string, maxLength: number): JsonValue {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    throw new Invalid('invalid-command', `${path} must be plain JSON`);
  }
  if (text === undefined) throw new Invalid('invalid-command', `${path} must be plain JSON`);
  if (text.length > maxLength) throw new Invalid('too-large', `${path} is larger than ${maxLength} characters of JSON`);
  return JSON.parse(text) as JsonValue;
}

// ─── Records ───

const SUBSCRIPTION_STATUSES = ['active', 'pending', 'suspended', 'expired', 'disabled', 'deleted', 'unknown'] as const;
export const RELATIONSHIPS = ['reseller', 'indirect-reseller', 'advisor', 'none', 'unknown'] as const;

function subscriptionObservation(value: unknown, path: string): SubscriptionObservation {
  const o = object(value, path);
  const sub: SubscriptionObservation = { name: string(o.name, `${path}.name`, LIMITS.nameLength).trim() };
  if (o.subscriptionId !== undefined) sub.subscriptionId = string(o.subscriptionId, `${path}.subscriptionId`, LIMITS.idLength).trim();
  if (o.quantity !== undefined) sub.quantity = integer(o.quantity, `${path}.quantity`, 0, LIMITS.count);
  if (o.status !== undefined) sub.status = oneOf(o.status, `${path}.status`, SUBSCRIPTION_STATUSES);
  if (o.renewal !== undefined) {
    if (o.renewal === null) sub.renewal = null;
    else {
      const r = object(o.renewal, `${path}.renewal`);
      sub.renewal = { kind: oneOf(r.kind, `${path}.renewal.kind`, ['expires', 'auto-renews'] as const), date: ymd(r.date, `${path}.renewal.date`) };
    }
  }
  if (o.channel !== undefined) sub.channel = oneOf(o.channel, `${path}.channel`, ['csp', 'other', 'unknown'] as const);
  return sub;
}

export function customerObservation(value: unknown, path: string): CustomerObservation {
  const o = object(value, path);
  const subs = array(o.subscriptions, `${path}.subscriptions`, LIMITS.subscriptionsPerObservation);
  const obs: CustomerObservation = {
    customerId: customerId(o.customerId, `${path}.customerId`),
    subscriptions: subs.map((s, i) => subscriptionObservation(s, `${path}.subscriptions[${i}]`)),
    source: oneOf(o.source, `${path}.source`, ['page', 'api'] as const),
    evidence: string(o.evidence, `${path}.evidence`, LIMITS.evidenceLength),
    seenAt: isoTimestamp(o.seenAt, `${path}.seenAt`),
  };
  const name = optionalString(o.customerName, `${path}.customerName`, LIMITS.nameLength);
  if (name !== undefined) obs.customerName = name.trim();
  if (o.relationship !== undefined) obs.relationship = oneOf(o.relationship, `${path}.relationship`, RELATIONSHIPS);
  if (o.complete !== undefined) obs.complete = boolean(o.complete, `${path}.complete`);
  return obs;
}

/**
 * Migration events are checked for being a small plain object with a string `type`; their meaning
 * (and every illegal transition) is judged by the core state machine, which rejects with a reason.
 */
const MIGRATION_EVENT_TYPES: ReadonlySet<string> = new Set<MigrationEventType>([
  'purchase-detected', 'users-progress', 'users-seen', 'suspend-requested', 'suspend-detected', 'step-ticked', 'step-unticked',
  'relationship-observed', 'other-channel-detected', 'other-channel-cleared', 'renewal-observed', 'deprovisioned',
]);

function evidence(value: unknown, path: string): void {
  const o = object(value, path);
  oneOf(o.source, `${path}.source`, ['page', 'api', 'manual'] as const);
  if (o.page !== undefined) string(o.page, `${path}.page`, LIMITS.evidenceLength);
  if (o.text !== undefined) string(o.text, `${path}.text`, LIMITS.evidenceLength, { allowEmpty: true });
}

function migrationEvent(value: unknown, path: string): MigrationEvent {
  const o = object(value, path);
  const type = string(o.type, `${path}.type`, 64);
  if (!MIGRATION_EVENT_TYPES.has(type)) throw new Invalid('invalid-command', `${path}.type is not a migration event`);
  if (o.expectedRevision !== undefined) integer(o.expectedRevision, `${path}.expectedRevision`, 0, Number.MAX_SAFE_INTEGER);
  if (o.evidence !== undefined) evidence(o.evidence, `${path}.evidence`);
  if (o.step !== undefined) oneOf(o.step, `${path}.step`, MIGRATION_STEPS);
  if (o.date !== undefined) ymd(o.date, `${path}.date`);
  if (o.moved !== undefined) integer(o.moved, `${path}.moved`, 0, LIMITS.count);
  if (o.total !== undefined) integer(o.total, `${path}.total`, 0, LIMITS.count);
  if (o.onRetired !== undefined) integer(o.onRetired, `${path}.onRetired`, 0, LIMITS.count);
  if (o.onReplacement !== undefined) integer(o.onReplacement, `${path}.onReplacement`, 0, LIMITS.count);
  if (o.override !== undefined) boolean(o.override, `${path}.override`);
  if (o.relationship !== undefined) oneOf(o.relationship, `${path}.relationship`, RELATIONSHIPS);
  // Which fields each type requires is the state machine's call: it rejects with a reason code.
  return boundedJson(o, path, 8 * 1024) as unknown as MigrationEvent;
}

function thresholds(value: unknown, path: string): { critical: number; soon: number } {
  const o = object(value, path);
  const critical = integer(o.critical, `${path}.critical`, 0, 3650);
  const soon = integer(o.soon, `${path}.soon`, 0, 3650);
  if (soon < critical) throw new Invalid('invalid-command', `${path}.soon must be at least ${path}.critical`);
  return { critical, soon };
}

const DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;
const isTenant = (tenant: string) => /^(?:organizations|common)$/i.test(tenant) || isGuid(tenant) || DOMAIN.test(tenant);

export function settingsPatch(value: unknown, path = 'settings'): SettingsPatch {
  const o = object(value, path);
  const patch: SettingsPatch = {};
  for (const key of Object.keys(o)) {
    if (!['thresholds', 'deprovisionDays', 'remindersEnabled', 'appRegistration'].includes(key)) {
      throw new Invalid('invalid-command', `${path}.${key} is not a setting`);
    }
  }
  if (o.thresholds !== undefined) patch.thresholds = thresholds(o.thresholds, `${path}.thresholds`);
  if (o.deprovisionDays !== undefined) patch.deprovisionDays = integer(o.deprovisionDays, `${path}.deprovisionDays`, 1, 3650);
  if (o.remindersEnabled !== undefined) patch.remindersEnabled = boolean(o.remindersEnabled, `${path}.remindersEnabled`);
  if (o.appRegistration !== undefined) {
    if (o.appRegistration === null) patch.appRegistration = null;
    else {
      const a = object(o.appRegistration, `${path}.appRegistration`);
      const clientId = string(a.clientId, `${path}.appRegistration.clientId`, 64).trim();
      const tenant = string(a.tenant, `${path}.appRegistration.tenant`, 255).trim();
      if (!isGuid(clientId)) throw new Invalid('invalid-command', `${path}.appRegistration.clientId must be an application (client) id GUID`);
      if (!isTenant(tenant)) throw new Invalid('invalid-command', `${path}.appRegistration.tenant must be organizations, common, a tenant GUID or a domain`);
      patch.appRegistration = { clientId: clientId.toLowerCase(), tenant };
    }
  }
  return patch;
}

// ─── The command ───

function parse(value: unknown): Command {
  const o = object(value, 'message');
  const kind = o.kind;
  switch (kind) {
    case 'observations/record': {
      const list = array(o.observations, 'observations', LIMITS.observationsPerBatch);
      return { kind, observations: list.map((x, i) => customerObservation(x, `observations[${i}]`)) };
    }
    case 'customer/get':
      return { kind, customerId: customerId(o.customerId) };
    case 'customer/overlay-set':
      return { kind, customerId: customerId(o.customerId), open: boolean(o.open, 'open') };
    case 'migration/apply':
      return { kind, customerId: customerId(o.customerId), event: migrationEvent(o.event, 'event') };
    case 'migration/annotate': {
      const command: Command = { kind, customerId: customerId(o.customerId) };
      if (o.planChoice !== undefined) {
        command.planChoice = o.planChoice === null ? null : oneOf(o.planChoice, 'planChoice', ['one-to-one', 'consolidated'] as const);
      }
      if (o.notes !== undefined) command.notes = string(o.notes, 'notes', LIMITS.notesLength, { allowEmpty: true });
      if (command.planChoice === undefined && command.notes === undefined) {
        throw new Invalid('invalid-command', 'migration/annotate needs planChoice or notes');
      }
      return command;
    }
    case 'customers/mark-reviewed': {
      const ids = array(o.customerIds, 'customerIds', LIMITS.customersPerCommand);
      return { kind, customerIds: [...new Set(ids.map((id, i) => customerId(id, `customerIds[${i}]`)))] };
    }
    case 'dashboard/get':
    case 'settings/get':
    case 'rules/list':
    case 'data/export':
    case 'scan/checkpoint-get':
      return { kind };
    case 'events/list': {
      const command: Command = { kind };
      if (o.customerId !== undefined) command.customerId = customerId(o.customerId);
      if (o.limit !== undefined) command.limit = integer(o.limit, 'limit', 1, LIMITS.eventsPerPage);
      return command;
    }
    case 'settings/put':
      return { kind, settings: settingsPatch(o.settings) };
    case 'rules/put':
      // The rule's own validation (validateRetirementRule) runs in the handler, with its own messages.
      return { kind, rule: boundedJson(o.rule, 'rule', 64 * 1024) };
    case 'rules/delete':
      return { kind, ruleId: string(o.ruleId, 'ruleId', LIMITS.idLength) };
    case 'data/import': {
      if (typeof o.json !== 'string') throw new Invalid('invalid-command', 'json must be the text of the file');
      if (o.json.length > LIMITS.importLength) throw new Invalid('too-large', `The file is larger than ${LIMITS.importLength} characters`);
      return { kind, json: o.json };
    }
    case 'scan/checkpoint-put':
      // Explicit null clears it; a missing field is a mistake, not a request to forget the scan.
      if (!('checkpoint' in o) || o.checkpoint === undefined) throw new Invalid('invalid-command', 'checkpoint is missing (null clears it)');
      return { kind, checkpoint: boundedJson(o.checkpoint, 'checkpoint', LIMITS.checkpointLength) };
    default:
      throw new Invalid('invalid-command', 'unknown');
  }
}

const KINDS: ReadonlySet<string> = new Set<CommandKind>([
  'observations/record', 'customer/get', 'customer/overlay-set', 'migration/apply', 'migration/annotate',
  'dashboard/get', 'customers/mark-reviewed', 'events/list', 'settings/get', 'settings/put', 'rules/list', 'rules/put', 'rules/delete',
  'data/export', 'data/import', 'scan/checkpoint-get', 'scan/checkpoint-put',
]);

/** Whether `message.kind` names a command at all (checked before the sender, to pick the reply). */
export function commandKindOf(message: unknown): CommandKind | null {
  return isObject(message) && typeof message.kind === 'string' && KINDS.has(message.kind) ? (message.kind as CommandKind) : null;
}

export function parseCommand(message: unknown): GuardResult {
  if (commandKindOf(message) === null) {
    return { ok: false, error: { code: 'unknown-command', message: 'Not a SKU Shift command.' } };
  }
  try {
    return { ok: true, command: parse(message) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: { code: error.code, message: error.message } };
    return { ok: false, error: { code: 'invalid-command', message: 'Malformed command.' } };
  }
}
