/**
 * The worker's command table: for every command of the protocol (src/messages.ts CommandMap), who may
 * send it, how its payload is validated, and what it does. The router (./router.ts), the list of
 * command kinds and the content scripts' allow-list are all derived from this one table, so a new
 * command is one entry here (the compiler asks for it) beside its member in CommandMap.
 *
 * Content scripts run beside a Partner Center page that may be hostile: they get only what the
 * content code sends — page readings, the customer's view (without the partner's notes), the
 * partner's own clicks in the checklist — and nothing that reads or rewrites everything.
 */
import type { ApiRelayReply, ApiRelayRequest, Broadcast, CommandKind, CommandOf, CommandReplies, ItemRejection, PageCustomerView, ReplyError, SessionStatus } from '../messages.ts';
import type { PageKind } from '../core/partner-center-urls.ts';
import { LIMITS } from '../messages.ts';
import type { CustomerView, MigrationRecord } from '../core/records.ts';
import { validateRetirementRule } from '../core/catalog-validate.ts';
import { isManagedRule, managedKeysIn, managedRefusal, type ManagedPolicy } from '../core/managed-policy.ts';
import { todayOf } from '../core/dates.ts';
import {
  array,
  boolean,
  boundedJson,
  customerId,
  customerObservation,
  eachValid,
  integer,
  Invalid,
  migrationEvent,
  oneOf,
  pageKindField,
  pageReading,
  PARTNER_REQUESTS,
  relayRequest,
  settingsPatch,
  string,
  text,
  type Obj,
  type SenderKind,
} from './command-guard.ts';
import type { TrackerDb } from './db.ts';
import { exportBundle } from './import-bundle.ts';
import * as store from './store.ts';
import { withChecklist } from './checklist-view.ts';
import { dashboardView } from './dashboard-view.ts';
import { customerPagePath, DASHBOARD_PAGE } from '../pages/dashboard/route.ts';

export interface CommandContext {
  /** Opened on first use: commands that touch no storage (the relay) never open it. */
  db(): Promise<TrackerDb>;
  /** ISO timestamp; the only clock the commands see. */
  now: string;
  sender: SenderKind;
  /** Opens one of the extension's pages in a new tab (the extension API, injected so tests run in Node). */
  openPage(path: string): Promise<void>;
  /** The Partner Center session relay (./api-relay.ts); null where there are no tabs (Node tests). */
  apiRelay: ApiRelay | null;
  /**
   * What the partner's organisation sets (src/core/managed-policy.ts), read afresh for the command
   * (an administrator may change it at any time) before any transaction starts; at most once per command.
   */
  policy(): Promise<ManagedPolicy>;
}

/** A command that would change what the organisation sets is refused whole: nothing is written. */
function refuseManaged(what: string[]): never {
  throw new CommandFailure({ code: 'managed', message: managedRefusal(what) });
}

export interface ApiRelay {
  request(request: ApiRelayRequest): Promise<ApiRelayReply>;
  status(): Promise<SessionStatus>;
}

function relayOf(ctx: CommandContext): ApiRelay {
  if (!ctx.apiRelay) throw new CommandFailure({ code: 'not-found', message: 'No Partner Center session relay here.' });
  return ctx.apiRelay;
}

/** What a command did: its reply, what to broadcast once it has committed, whether the action badge may be stale. */
export interface Done<K extends CommandKind> {
  data: CommandReplies[K];
  broadcasts?: Broadcast[];
  remindersStale?: boolean;
}

/** A command that is well-formed but cannot be done (an unknown rule, a rule that does not validate). */
export class CommandFailure extends Error {
  constructor(readonly error: ReplyError) {
    super(error.message);
  }
}

/** What a command's parse adds to what the sender sent: for a batch, the items it refused (the rest is done). */
interface ParsedExtras {
  'observations/record': { rejected: ItemRejection[] };
}
export type Parsed<K extends CommandKind> = CommandOf<K> & (K extends keyof ParsedExtras ? ParsedExtras[K] : unknown);

interface CommandSpec<K extends CommandKind> {
  /** 'pages': the extension's own pages only; 'pages-and-content': content scripts on Partner Center too. */
  from: 'pages' | 'pages-and-content';
  /** The largest message accepted, in characters of JSON, when not LIMITS.commandLength (an import file). */
  maxLength?: number;
  /** Validates the message (throws Invalid); `sender` narrows what a content script may ask. */
  parse(message: Obj, sender: SenderKind): Parsed<K>;
  run(command: Parsed<K>, ctx: CommandContext): Promise<Done<K>>;
}

type CommandTable = { [K in CommandKind]: CommandSpec<K> };

/** A page read touches one customer: tell its views. A scan batch touches hundreds: one "re-read everything". */
const PER_CUSTOMER_BROADCASTS_MAX = 3;

const changedCustomer = (customerId: string, revision: number): Broadcast => ({ kind: 'migration/changed', customerId, revision });

/** What a content script sees of a migration: everything but the partner's notes (see CustomerView.hasNotes). */
function withoutNotes(record: MigrationRecord, sender: SenderKind): MigrationRecord {
  return sender === 'pages' ? record : { ...record, notes: '' };
}

function forSender(view: CustomerView, sender: SenderKind): CustomerView {
  return view.migration ? { ...view, migration: withoutNotes(view.migration, sender) } : view;
}

/** The checklist's page kind, when a content script names it (the reply then carries the checklist's model). */
function optionalPageKind(o: Obj): { pageKind?: PageKind } {
  return o.pageKind === undefined ? {} : { pageKind: pageKindField(o.pageKind, 'pageKind') };
}

/** After a change the checklist asked for, the customer's view for its page (read in its own transaction). */
async function pageView(ctx: CommandContext, id: string, pageKind: PageKind | undefined): Promise<{ view?: PageCustomerView }> {
  if (pageKind === undefined) return {};
  const view = await store.getCustomerView(await ctx.db(), id, await ctx.policy());
  return { view: withChecklist(forSender(view, ctx.sender), id, pageKind, ctx.now) };
}

/**
 * Migrations and overlay states belong to customers the tracker follows (a page reading or a scan is
 * how one starts): from a content script, nothing else may be touched; from any sender, a migration
 * without its customer would be shown nowhere, and an export of it could not be imported.
 */
async function requireTracked(ctx: CommandContext, id: string): Promise<void> {
  if (!(await store.hasCustomer(await ctx.db(), id))) throw new Invalid('invalid-command', 'customerId is not a tracked customer');
}

export const COMMANDS: CommandTable = {
  'page/reading': {
    from: 'pages-and-content',
    parse: (o) => ({ kind: 'page/reading', reading: pageReading(o.reading) }),
    async run({ reading }, ctx) {
      const policy = await ctx.policy();
      const outcome = await store.recordPageReading(await ctx.db(), reading, ctx.now, policy);
      const broadcasts: Broadcast[] = !outcome.changed
        ? []
        : outcome.view?.customer
          ? [changedCustomer(outcome.view.customer.customerId, outcome.view.migration?.revision ?? 0)]
          : [{ kind: 'data/changed', scope: 'observations' }];
      return {
        data: {
          view: outcome.view && reading.customerId ? withChecklist(forSender(outcome.view, ctx.sender), reading.customerId, reading.pageKind, ctx.now) : null,
          customersNotRecorded: outcome.customersNotRecorded,
        },
        broadcasts,
        remindersStale: outcome.changed,
      };
    },
  },
  'observations/record': {
    from: 'pages',
    parse(o) {
      // One bad customer of a scan batch must not lose the other 199.
      const { valid, rejected } = eachValid(array(o.observations, 'observations', LIMITS.observationsPerBatch), 'observations', customerObservation);
      return { kind: 'observations/record', observations: valid, rejected };
    },
    async run({ observations, rejected }, ctx) {
      const policy = await ctx.policy();
      const result = await store.recordObservations(await ctx.db(), observations, ctx.now, policy);
      const broadcasts: Broadcast[] =
        result.changed.length > PER_CUSTOMER_BROADCASTS_MAX ? [{ kind: 'data/changed', scope: 'observations' }] : result.changed.map((c) => changedCustomer(c.customerId, c.revision));
      return { data: { customers: result.customers, subscriptions: result.subscriptions, rejected }, broadcasts, remindersStale: result.changed.length > 0 };
    },
  },
  'customer/get': {
    from: 'pages-and-content',
    parse: (o) => ({ kind: 'customer/get', customerId: customerId(o.customerId), ...optionalPageKind(o) }),
    async run({ customerId: id, pageKind }, ctx) {
      const policy = await ctx.policy();
      return { data: withChecklist(forSender(await store.getCustomerView(await ctx.db(), id, policy), ctx.sender), id, pageKind, ctx.now) };
    },
  },
  'customer/overlay-set': {
    from: 'pages-and-content',
    parse: (o) => ({ kind: 'customer/overlay-set', customerId: customerId(o.customerId), open: boolean(o.open, 'open') }),
    async run({ customerId: id, open }, ctx) {
      await requireTracked(ctx, id);
      const policy = await ctx.policy();
      return { data: await store.setOverlayOpen(await ctx.db(), id, open, ctx.now, policy) };
    },
  },
  'migration/apply': {
    from: 'pages-and-content',
    parse(o, sender) {
      const event = migrationEvent(o.event, 'event');
      if (sender === 'content') {
        // Facts come from the page only as readings the worker judges; the checklist sends clicks.
        if (!PARTNER_REQUESTS.has(event.type)) throw new Invalid('invalid-command', `event.type "${event.type}" is not accepted from a page`);
        delete (event as { evidence?: unknown }).evidence;
      }
      return { kind: 'migration/apply', customerId: customerId(o.customerId), event, ...optionalPageKind(o) };
    },
    async run({ customerId: id, event, pageKind }, ctx) {
      await requireTracked(ctx, id);
      const policy = await ctx.policy();
      const result = await store.applyMigration(await ctx.db(), id, event, ctx.now, policy);
      const applied = result.outcome === 'applied';
      const answer = applied ? { ...result, migration: withoutNotes(result.migration, ctx.sender) } : result;
      return {
        data: { ...answer, ...(await pageView(ctx, id, pageKind)) },
        broadcasts: applied ? [changedCustomer(id, result.migration.revision)] : [],
        remindersStale: applied,
      };
    },
  },
  'migration/annotate': {
    from: 'pages-and-content',
    parse(o, sender) {
      const command: CommandOf<'migration/annotate'> = { kind: 'migration/annotate', customerId: customerId(o.customerId), ...optionalPageKind(o) };
      if (o.planChoice !== undefined) {
        command.planChoice = o.planChoice === null ? null : oneOf(o.planChoice, 'planChoice', ['one-to-one', 'consolidated'] as const);
      }
      if (o.notes !== undefined) {
        // Notes are edited on the dashboard: the page must never read or rewrite them.
        if (sender === 'content') throw new Invalid('invalid-command', 'notes are edited on the dashboard only');
        command.notes = text(o.notes, 'notes', LIMITS.notesLength, { allowEmpty: true, multiLine: true });
        if (o.expectedNotesRevision !== undefined) command.expectedNotesRevision = integer(o.expectedNotesRevision, 'expectedNotesRevision', 0, Number.MAX_SAFE_INTEGER);
      } else if (o.expectedNotesRevision !== undefined) {
        throw new Invalid('invalid-command', 'expectedNotesRevision goes with notes');
      }
      if (command.planChoice === undefined && command.notes === undefined) throw new Invalid('invalid-command', 'migration/annotate needs planChoice or notes');
      return command;
    },
    async run({ customerId: id, planChoice, notes, expectedNotesRevision, pageKind }, ctx) {
      await requireTracked(ctx, id);
      const patch: Parameters<typeof store.annotateMigration>[2] = {};
      if (planChoice !== undefined) patch.planChoice = planChoice;
      if (notes !== undefined) patch.notes = notes;
      if (expectedNotesRevision !== undefined) patch.expectedNotesRevision = expectedNotesRevision;
      const policy = await ctx.policy();
      const result = await store.annotateMigration(await ctx.db(), id, patch, ctx.now, policy);
      if (result.outcome === 'notes-conflict') {
        throw new CommandFailure({
          code: 'conflict',
          message: 'The notes were changed elsewhere since they were opened: nothing was saved.',
          conflict: { customerId: id, yours: notes ?? '', theirs: result.theirs, notesRevision: result.notesRevision },
        });
      }
      return { data: { ...withoutNotes(result.migration, ctx.sender), ...(await pageView(ctx, id, pageKind)) }, broadcasts: [changedCustomer(id, result.migration.revision)] };
    },
  },
  'dashboard/get': {
    from: 'pages',
    parse(o) {
      const command: CommandOf<'dashboard/get'> = { kind: 'dashboard/get' };
      if (o.first !== undefined) command.first = integer(o.first, 'first', 1, LIMITS.customersPerCommand);
      return command;
    },
    async run({ first }, ctx) {
      const policy = await ctx.policy();
      return { data: await dashboardView(await ctx.db(), policy, todayOf(ctx.now), first) };
    },
  },
  'customers/mark-reviewed': {
    from: 'pages',
    parse(o) {
      const ids = array(o.customerIds, 'customerIds', LIMITS.customersPerCommand);
      return { kind: 'customers/mark-reviewed', customerIds: [...new Set(ids.map((id, i) => customerId(id, `customerIds[${i}]`)))] };
    },
    async run({ customerIds }, ctx) {
      const marked = await store.markReviewed(await ctx.db(), customerIds, ctx.now);
      return { data: { marked }, broadcasts: marked > 0 ? [{ kind: 'data/changed', scope: 'reviewed' }] : [] };
    },
  },
  'dashboard/open': {
    from: 'pages-and-content',
    parse(o) {
      const command: CommandOf<'dashboard/open'> = { kind: 'dashboard/open' };
      if (o.customerId !== undefined) command.customerId = customerId(o.customerId);
      return command;
    },
    async run({ customerId: id }, ctx) {
      await ctx.openPage(id ? customerPagePath(id) : DASHBOARD_PAGE);
      return { data: { opened: true } };
    },
  },
  'events/list': {
    from: 'pages',
    parse(o) {
      const command: CommandOf<'events/list'> = { kind: 'events/list' };
      if (o.customerId !== undefined) command.customerId = customerId(o.customerId);
      if (o.limit !== undefined) command.limit = integer(o.limit, 'limit', 1, LIMITS.eventsPerPage);
      return command;
    },
    run: async ({ customerId: id, limit }, ctx) => ({ data: await store.listEvents(await ctx.db(), id, limit ?? 100) }),
  },
  'settings/get': {
    from: 'pages-and-content',
    parse: () => ({ kind: 'settings/get' }),
    async run(_command, ctx) {
      const policy = await ctx.policy();
      const settings = await store.getSettings(await ctx.db(), policy);
      // The page needs the thresholds, never who the partner signs in as.
      return { data: ctx.sender === 'content' ? { ...settings, appRegistration: null } : settings };
    },
  },
  'settings/put': {
    from: 'pages',
    parse: (o) => ({ kind: 'settings/put', settings: settingsPatch(o.settings) }),
    async run({ settings }, ctx) {
      const policy = await ctx.policy();
      const managed = managedKeysIn(settings, policy);
      if (managed.length > 0) refuseManaged(managed);
      return {
        data: await store.putSettings(await ctx.db(), settings, ctx.now, policy),
        broadcasts: [{ kind: 'data/changed', scope: 'settings' }],
        remindersStale: true,
      };
    },
  },
  'rules/list': {
    from: 'pages-and-content',
    parse: () => ({ kind: 'rules/list' }),
    async run(_command, ctx) {
      const policy = await ctx.policy();
      return { data: await store.listRules(await ctx.db(), policy) };
    },
  },
  'managed/get': {
    from: 'pages',
    parse: () => ({ kind: 'managed/get' }),
    run: async (_command, ctx) => ({ data: await ctx.policy() }),
  },
  'rules/put': {
    from: 'pages',
    // The rule's own validation (validateRetirementRule) runs in the handler, with its own messages.
    parse: (o) => ({ kind: 'rules/put', rule: boundedJson(o.rule, 'rule', 64 * 1024) }),
    async run({ rule }, ctx) {
      const result = validateRetirementRule(rule);
      if (!result.ok) throw new CommandFailure({ code: 'invalid-command', message: result.errors.join('; '), issues: result.issues });
      if (isManagedRule(await ctx.policy(), result.rule.id)) refuseManaged([`rule "${result.rule.id}"`]);
      const saved = await store.putRule(await ctx.db(), { ...result.rule, origin: 'partner' }, ctx.now);
      return { data: saved, broadcasts: [{ kind: 'data/changed', scope: 'rules' }], remindersStale: true };
    },
  },
  'rules/delete': {
    from: 'pages',
    parse: (o) => ({ kind: 'rules/delete', ruleId: string(o.ruleId, 'ruleId', LIMITS.idLength) }),
    async run({ ruleId }, ctx) {
      if (isManagedRule(await ctx.policy(), ruleId)) refuseManaged([`rule "${ruleId}"`]);
      const deleted = await store.deleteRule(await ctx.db(), ruleId, ctx.now);
      if (!deleted) throw new CommandFailure({ code: 'not-found', message: `No partner rule "${ruleId}".` });
      return { data: { deleted }, broadcasts: [{ kind: 'data/changed', scope: 'rules' }], remindersStale: true };
    },
  },
  'data/export': {
    from: 'pages',
    parse: () => ({ kind: 'data/export' }),
    // The partner's own data: what the organisation sets is not theirs to carry to another browser.
    run: async (_command, ctx) => ({ data: exportBundle(await store.readSnapshot(await ctx.db()), ctx.now) }),
  },
  'data/import': {
    from: 'pages',
    // The file's text, escaped as JSON (quotes and line breaks double), plus the envelope.
    maxLength: 2 * LIMITS.importLength + 1024,
    parse(o) {
      if (typeof o.json !== 'string') throw new Invalid('invalid-command', 'json must be the text of the file');
      if (o.json.length > LIMITS.importLength) throw new Invalid('too-large', `The file is larger than ${LIMITS.importLength} characters`, { max: LIMITS.importLength, unit: 'characters' });
      return { kind: 'data/import', json: o.json };
    },
    async run({ json }, ctx) {
      const policy = await ctx.policy();
      const { report } = await store.importData(await ctx.db(), json, ctx.now, policy);
      return report.fileRejected ? { data: report } : { data: report, broadcasts: [{ kind: 'data/changed', scope: 'import' }], remindersStale: true };
    },
  },
  'api/relay': {
    from: 'pages',
    parse: (o) => ({ kind: 'api/relay', request: relayRequest(o.request, 'request') }),
    run: async ({ request }, ctx) => ({ data: await relayOf(ctx).request(request) }),
  },
  'api/session-status': {
    from: 'pages',
    parse: () => ({ kind: 'api/session-status' }),
    run: async (_command, ctx) => ({ data: { status: await relayOf(ctx).status() } }),
  },
  'scan/checkpoint-get': {
    from: 'pages',
    parse: () => ({ kind: 'scan/checkpoint-get' }),
    run: async (_command, ctx) => ({ data: await store.getCheckpoint(await ctx.db()) }),
  },
  'scan/checkpoint-put': {
    from: 'pages',
    parse(o) {
      // Explicit null clears it; a missing field is a mistake, not a request to forget the scan.
      if (!('checkpoint' in o) || o.checkpoint === undefined) throw new Invalid('invalid-command', 'checkpoint is missing (null clears it)');
      return { kind: 'scan/checkpoint-put', checkpoint: boundedJson(o.checkpoint, 'checkpoint', LIMITS.checkpointLength) };
    },
    async run({ checkpoint }, ctx) {
      await store.putCheckpoint(await ctx.db(), checkpoint);
      return { data: { saved: true } };
    },
  },
};

/** Whether `kind` names a command at all (checked before the sender, to pick the reply). */
export function isCommandKind(kind: unknown): kind is CommandKind {
  return typeof kind === 'string' && Object.hasOwn(COMMANDS, kind);
}
