/**
 * Two dashboards editing one customer's notes: a save over notes changed since that editor read them
 * is refused with both texts, and nothing is lost (issue 13, item 9). Through the worker's router,
 * with the pages' typed client on top.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandError, commandSender, type Command, type NotesConflict } from '../../src/messages.ts';
import type { CustomerView, ExportBundle, MigrationRecord } from '../../src/core/records.ts';
import { CONTENT_SENDER, CONTOSO, type LoadedWorker, pageObservation, startWorker, testTime } from './tracker-fixtures.ts';

let worker: LoadedWorker;
beforeEach(async () => {
  worker = await startWorker();
  await worker.data({ kind: 'observations/record', observations: [pageObservation()] });
});
afterEach(() => worker.close());

const send = commandSender((message: Command) => worker.send(message));
const notesSeen = async () => {
  const view = await send({ kind: 'customer/get', customerId: CONTOSO });
  return { notes: view.migration?.notes ?? '', revision: view.migration?.notesRevision ?? 0 };
};
const save = (notes: string, expectedNotesRevision: number) => send({ kind: 'migration/annotate', customerId: CONTOSO, notes, expectedNotesRevision });

async function conflictOf(saving: Promise<unknown>): Promise<NotesConflict | null> {
  try {
    await saving;
    return null;
  } catch (error) {
    if (error instanceof CommandError && error.code === 'conflict') return error.conflict;
    throw error;
  }
}

describe('notes edited in two tabs', () => {
  it('the second save over the first is refused with both texts; saving again on purpose works', async () => {
    const tabA = await notesSeen();
    const tabB = await notesSeen();
    expect(await save('Call Ana before the 14th', tabA.revision)).toMatchObject({ notes: 'Call Ana before the 14th', notesRevision: 1 });
    const conflict = await conflictOf(save('Wants Sales Professional', tabB.revision));
    expect(conflict).toEqual({ customerId: CONTOSO, yours: 'Wants Sales Professional', theirs: 'Call Ana before the 14th', notesRevision: 1 });
    expect(await notesSeen()).toEqual({ notes: 'Call Ana before the 14th', revision: 1 });
    // The partner merges both in tab B and saves over the revision the conflict named.
    await save('Call Ana before the 14th\nWants Sales Professional', conflict!.notesRevision);
    expect(await notesSeen()).toEqual({ notes: 'Call Ana before the 14th\nWants Sales Professional', revision: 2 });
  });

  it('two tabs saving the same text do not conflict', async () => {
    await save('Same words', 0);
    expect(await conflictOf(save('Same words', 0))).toBeNull();
    expect(await notesSeen()).toEqual({ notes: 'Same words', revision: 1 });
  });

  it('a plan chosen in the checklist meanwhile is no conflict, and is kept', async () => {
    const editor = await notesSeen();
    await worker.data({ kind: 'migration/annotate', customerId: CONTOSO, planChoice: 'consolidated' }, CONTENT_SENDER);
    const saved = await save('Consolidated on Finance', editor.revision);
    expect(saved).toMatchObject({ planChoice: 'consolidated', notes: 'Consolidated on Finance' });
  });

  it('notes an import brought move the revision on: an editor opened before it is told', async () => {
    await save('Local notes', 0);
    const editor = await notesSeen();
    const bundle = await send({ kind: 'data/export' });
    const fileCopy: MigrationRecord = { ...bundle.migrations[0]!, notes: 'Notes from the other browser', annotatedAt: new Date(testTime() + 5000).toISOString() };
    await send({ kind: 'data/import', json: JSON.stringify({ ...bundle, migrations: [fileCopy] } satisfies ExportBundle) });
    expect(await conflictOf(save('Local notes, edited', editor.revision))).toMatchObject({ theirs: 'Notes from the other browser' });
  });

  it('a conflict changes nothing: no revision, no history line', async () => {
    await save('First', 0);
    const before = await send({ kind: 'customer/get', customerId: CONTOSO });
    const events = await send({ kind: 'events/list', customerId: CONTOSO });
    expect(await conflictOf(save('Second', 0))).not.toBeNull();
    expect(await send({ kind: 'customer/get', customerId: CONTOSO })).toEqual(before satisfies CustomerView);
    expect(await send({ kind: 'events/list', customerId: CONTOSO })).toEqual(events);
  });

  it('an expected revision without notes is a mistake', async () => {
    expect(await worker.send({ kind: 'migration/annotate', customerId: CONTOSO, planChoice: 'one-to-one', expectedNotesRevision: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
  });
});
