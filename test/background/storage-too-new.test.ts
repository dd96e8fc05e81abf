/**
 * A profile whose database a newer SKU Shift wrote (the extension was rolled back): every command
 * that needs storage answers `storage-too-new`, which the pages show as "update the extension"
 * (dash_error_storage_too_new), and nothing is changed (issue 13, item 12).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { DB_NAME, DB_VERSION } from '../../src/background/db.ts';
import type { CommandKind } from '../../src/messages.ts';
import { loadMessages } from '../locale-messages.ts';
import { COMMAND_SAMPLES } from './command-samples.ts';
import { CONTENT_SENDER, freshIndexedDb, loadWorker, type LoadedWorker } from './tracker-fixtures.ts';

let worker: LoadedWorker;
beforeEach(async () => {
  freshIndexedDb();
  // What the newer release left: a higher version, with a store this code has never heard of.
  const newer = await openDB(DB_NAME, DB_VERSION + 1, { upgrade: (db) => void db.createObjectStore('future') });
  await newer.put('future', 'kept', 'k');
  newer.close();
  worker = await loadWorker(() => '2026-11-24T09:00:00.000Z');
});
afterEach(() => worker.close());

const kinds = Object.keys(COMMAND_SAMPLES) as CommandKind[];

describe('a database newer than the code', () => {
  it.each(kinds.filter((k) => COMMAND_SAMPLES[k].storage))('%s answers storage-too-new', async (kind) => {
    expect(await worker.send(COMMAND_SAMPLES[kind].message)).toMatchObject({ ok: false, error: { code: 'storage-too-new' } });
  });

  it('a content script gets the same answer, and the newer data is left as it was', async () => {
    expect(await worker.send(COMMAND_SAMPLES['page/reading'].message, CONTENT_SENDER)).toMatchObject({ ok: false, error: { code: 'storage-too-new' } });
    await worker.close();
    const db = await openDB(DB_NAME);
    expect(db.version).toBe(DB_VERSION + 1);
    expect(await db.get('future', 'k')).toBe('kept');
    db.close();
  });

  it('commands that need no storage still work', async () => {
    expect(await worker.send(COMMAND_SAMPLES['dashboard/open'].message)).toMatchObject({ ok: true });
  });

  it('the pages have the message to show, in every language', () => {
    for (const lang of ['en', 'fr'] as const) expect(loadMessages(lang).dash_error_storage_too_new?.message).toMatch(/SKU Shift/);
  });
});
