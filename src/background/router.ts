/**
 * One entry point for every message the worker receives: check the sender, validate the command,
 * run it as one transaction, and say what to broadcast once it has committed. Independent of the
 * extension API (the caller passes ids, the database and the clock), so it runs in Node tests.
 */
import type { Broadcast, Command, CommandReplies, Reply, ReplyError } from '../messages.ts';
import { validateRetirementRule } from '../core/catalog.ts';
import { trackedCustomers } from '../core/tracked-customers.ts';
import { checkSender, commandKindOf, parseCommand, type SenderInfo } from './command-guard.ts';
import type { TrackerDb } from './db.ts';
import { exportBundle } from './import-bundle.ts';
import * as store from './store.ts';

export interface RouterEnv {
  extensionId: string;
  /** e.g. chrome-extension://<id>/ */
  extensionOrigin: string;
  db: () => Promise<TrackerDb>;
  /** ISO timestamp; the only clock the commands see. */
  now: () => string;
}

export interface Routed {
  reply: Reply<unknown>;
  /** To send after the reply (the change has committed). */
  broadcasts: Broadcast[];
  /** The action badge and reminders depend on what changed. */
  remindersStale: boolean;
}

const PER_CUSTOMER_BROADCASTS_MAX = 3;

const fail = (error: ReplyError): Routed => ({ reply: { ok: false, error }, broadcasts: [], remindersStale: false });

export async function route(message: unknown, sender: SenderInfo, env: RouterEnv): Promise<Routed> {
  const kind = commandKindOf(message);
  if (kind === null) return fail({ code: 'unknown-command', message: 'Not a SKU Shift command.' });
  const refused = checkSender(sender, kind, env.extensionId, env.extensionOrigin);
  if (refused) return fail(refused);
  const parsed = parseCommand(message);
  if (!parsed.ok) return fail(parsed.error);
  try {
    return await run(parsed.command, env);
  } catch (error) {
    // A failed transaction was aborted: nothing it wrote is kept.
    const name = error instanceof Error ? error.name : '';
    return fail({ code: 'storage-failed', message: `Storage failed${name ? ` (${name})` : ''}: nothing was changed.` });
  }
}

function ok<K extends Command['kind']>(_kind: K, data: CommandReplies[K], broadcasts: Broadcast[] = [], remindersStale = false): Routed {
  return { reply: { ok: true, data }, broadcasts, remindersStale };
}

async function run(command: Command, env: RouterEnv): Promise<Routed> {
  const db = await env.db();
  const now = env.now();
  switch (command.kind) {
    case 'observations/record': {
      const result = await store.recordObservations(db, command.observations, now);
      // A page read touches one customer: tell its overlays. A scan batch touches hundreds: one
      // "re-read everything" instead of hundreds of messages to every tab and page.
      const broadcasts: Broadcast[] =
        result.changed.length > PER_CUSTOMER_BROADCASTS_MAX
          ? [{ kind: 'data/changed', scope: 'observations' }]
          : result.changed.map((c) => ({ kind: 'migration/changed', customerId: c.customerId, revision: c.revision }));
      return ok(command.kind, { customers: result.customers, subscriptions: result.subscriptions }, broadcasts, result.changed.length > 0);
    }
    case 'customer/get':
      return ok(command.kind, await store.getCustomerView(db, command.customerId));
    case 'customer/overlay-set':
      return ok(command.kind, await store.setOverlayOpen(db, command.customerId, command.open, now));
    case 'migration/apply': {
      const result = await store.applyMigration(db, command.customerId, command.event, now);
      const broadcasts: Broadcast[] =
        result.outcome === 'applied' ? [{ kind: 'migration/changed', customerId: command.customerId, revision: result.migration.revision }] : [];
      return ok(command.kind, result, broadcasts, result.outcome === 'applied');
    }
    case 'migration/annotate': {
      const patch: Parameters<typeof store.annotateMigration>[2] = {};
      if (command.planChoice !== undefined) patch.planChoice = command.planChoice;
      if (command.notes !== undefined) patch.notes = command.notes;
      const record = await store.annotateMigration(db, command.customerId, patch, now);
      return ok(command.kind, record, [{ kind: 'migration/changed', customerId: command.customerId, revision: record.revision }]);
    }
    case 'dashboard/get': {
      const snapshot = await store.readSnapshot(db);
      const today = now.slice(0, 10);
      const customers = trackedCustomers(snapshot.customers, snapshot.subscriptions, snapshot.migrations, snapshot.rules, snapshot.settings, today, snapshot.reviewed);
      return ok(command.kind, { today, customers, settings: snapshot.settings, partnerCenterBase: snapshot.partnerCenterBase });
    }
    case 'customers/mark-reviewed': {
      const marked = await store.markReviewed(db, command.customerIds, now);
      return ok(command.kind, { marked }, marked > 0 ? [{ kind: 'data/changed', scope: 'reviewed' }] : []);
    }
    case 'events/list':
      return ok(command.kind, await store.listEvents(db, command.customerId, command.limit ?? 100));
    case 'settings/get':
      return ok(command.kind, await store.getSettings(db));
    case 'settings/put':
      return ok(command.kind, await store.putSettings(db, command.settings, now), [{ kind: 'data/changed', scope: 'settings' }], true);
    case 'rules/list':
      return ok(command.kind, await store.listRules(db));
    case 'rules/put': {
      const result = validateRetirementRule(command.rule);
      if (!result.ok) {
        return fail({ code: 'invalid-command', message: result.errors.join('; '), issues: result.issues });
      }
      const rule = await store.putRule(db, { ...result.rule, origin: 'partner' }, now);
      return ok(command.kind, rule, [{ kind: 'data/changed', scope: 'rules' }], true);
    }
    case 'rules/delete': {
      const deleted = await store.deleteRule(db, command.ruleId, now);
      if (!deleted) return fail({ code: 'not-found', message: `No partner rule "${command.ruleId}".` });
      return ok(command.kind, { deleted }, [{ kind: 'data/changed', scope: 'rules' }], true);
    }
    case 'data/export': {
      const snapshot = await store.readSnapshot(db);
      return ok(command.kind, exportBundle(snapshot, now));
    }
    case 'data/import': {
      const { report } = await store.importData(db, command.json, now);
      return report.fileRejected ? ok(command.kind, report) : ok(command.kind, report, [{ kind: 'data/changed', scope: 'import' }], true);
    }
    case 'scan/checkpoint-get':
      return ok(command.kind, await store.getCheckpoint(db));
    case 'scan/checkpoint-put':
      await store.putCheckpoint(db, command.checkpoint);
      return ok(command.kind, { saved: true });
  }
}

