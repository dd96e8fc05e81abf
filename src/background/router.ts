/**
 * One entry point for every message the worker receives: check the sender, validate the command,
 * run it as one transaction, and say what to broadcast once it has committed. Everything about a
 * command lives in its entry of the command table (./commands.ts); this only dispatches. Independent
 * of the extension API (the caller passes ids, the database and the clock), so it runs in Node tests.
 */
import { LIMITS, type Broadcast, type Command, type CommandKind, type Reply, type ReplyError } from '../messages.ts';
import { Invalid, isObject, senderKind, settingsPatch, type Obj, type SenderInfo, type SenderKind } from './command-guard.ts';
import { EMPTY_POLICY, readManagedPolicy, type ManagedPolicy } from '../core/managed-policy.ts';
import { COMMANDS, CommandFailure, isCommandKind, type ApiRelay, type CommandContext, type Done } from './commands.ts';
import { DatabaseTooNew, type TrackerDb } from './db.ts';

export interface RouterEnv {
  extensionId: string;
  /** e.g. chrome-extension://<id>/ */
  extensionOrigin: string;
  db: () => Promise<TrackerDb>;
  /** ISO timestamp; the only clock the commands see. */
  now: () => string;
  /** Opens one of the extension's pages (a path inside the extension) in a new tab. */
  openPage(path: string): Promise<void>;
  /** The Partner Center session relay (src/background/api-relay.ts); absent where there are no tabs (Node tests). */
  apiRelay?: ApiRelay;
  /** The raw managed policy (src/background/managed-storage.ts); absent: none. Validated here, per command. */
  managedPolicy?: () => Promise<unknown>;
}

/** The policy validated as `settings/put` and an import validate (src/core/managed-policy.ts); at most one read per command. */
export function policyReader(read: (() => Promise<unknown>) | undefined): () => Promise<ManagedPolicy> {
  let policy: Promise<ManagedPolicy> | null = null;
  return () =>
    (policy ??= read
      ? Promise.resolve()
          .then(read)
          .then(
            (raw) => readManagedPolicy(raw, (patch) => settingsPatch(patch, 'policy')),
            () => EMPTY_POLICY,
          )
      : Promise.resolve(EMPTY_POLICY));
}

export interface Routed {
  reply: Reply<unknown>;
  /** To send after the reply (the change has committed). */
  broadcasts: Broadcast[];
  /** The action badge and reminders depend on what changed. */
  remindersStale: boolean;
}

const fail = (error: ReplyError): Routed => ({ reply: { ok: false, error }, broadcasts: [], remindersStale: false });

/** IndexedDB reports its failures as DOMExceptions (AbortError, QuotaExceededError, DataCloneError...). */
function isStorageError(error: unknown): boolean {
  return typeof DOMException !== 'undefined' && error instanceof DOMException;
}

/** The command a message asks for, validated for `sender` (throws Invalid); exported for tests. */
export function parseCommand(message: unknown, sender: SenderKind = 'pages'): { ok: true; command: Command } | { ok: false; error: ReplyError } {
  if (!isObject(message) || !isCommandKind(message.kind)) return { ok: false, error: { code: 'unknown-command', message: 'Not a SKU Shift command.' } };
  try {
    return { ok: true, command: parseAs(message.kind, message, sender) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: invalidReply(error) };
    return { ok: false, error: { code: 'invalid-command', message: 'Malformed command.' } };
  }
}

function parseAs(kind: CommandKind, message: Obj, sender: SenderKind): Command {
  return COMMANDS[kind].parse(message, sender);
}

function runAs<K extends CommandKind>(command: Command & { kind: K }, ctx: CommandContext): Promise<Done<K>> {
  return COMMANDS[command.kind].run(command as never, ctx);
}

/** A message over `max` characters of JSON is refused before anything reads it (the transport itself allows 64 MiB). */
function tooLarge(message: Obj, max: number): boolean {
  try {
    return JSON.stringify(message).length > max;
  } catch {
    return true;
  }
}

export async function route(message: unknown, sender: SenderInfo, env: RouterEnv): Promise<Routed> {
  if (!isObject(message) || !isCommandKind(message.kind)) return fail({ code: 'unknown-command', message: 'Not a SKU Shift command.' });
  const kind = message.kind;
  const from = senderKind(sender, env.extensionId, env.extensionOrigin);
  if (typeof from !== 'string') return fail(from);
  if (from === 'content' && COMMANDS[kind].from !== 'pages-and-content') {
    return fail({ code: 'forbidden-sender', message: `"${kind}" is only accepted from the extension's own pages.` });
  }
  const max = COMMANDS[kind].maxLength ?? LIMITS.commandLength;
  if (tooLarge(message, max)) return fail({ code: 'too-large', message: `The command is larger than ${max} characters of JSON.`, limit: { max, unit: 'characters' } });
  const parsed = parseCommand(message, from);
  if (!parsed.ok) return fail(parsed.error);
  try {
    const done = await runAs(parsed.command, { db: env.db, now: env.now(), sender: from, openPage: env.openPage, apiRelay: env.apiRelay ?? null, policy: policyReader(env.managedPolicy) });
    return { reply: { ok: true, data: done.data }, broadcasts: done.broadcasts ?? [], remindersStale: done.remindersStale ?? false };
  } catch (error) {
    if (error instanceof CommandFailure) return fail(error.error);
    if (error instanceof Invalid) return fail(invalidReply(error));
    if (error instanceof DatabaseTooNew) return fail({ code: 'storage-too-new', message: error.message });
    // A failed transaction was aborted: nothing it wrote is kept.
    if (isStorageError(error)) {
      const name = (error as DOMException).name;
      return fail({ code: 'storage-failed', message: `Storage failed${name ? ` (${name})` : ''}: nothing was changed.` });
    }
    console.warn('SKU Shift command failed', kind, error);
    return fail({ code: 'internal-error', message: `SKU Shift could not do "${kind}" (a bug): nothing was changed.` });
  }
}

/** A refused command's reply; a size refusal carries its limit. */
function invalidReply(error: Invalid): ReplyError {
  return error.limit ? { code: error.code, message: error.message, limit: error.limit } : { code: error.code, message: error.message };
}
