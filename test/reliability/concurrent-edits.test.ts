/**
 * Two tabs editing the same customer at once, 100 edits each, interleaved: ticks and plan choices
 * from the checklist (content script), notes from the dashboard saved with the revision the editor
 * read (on a conflict the tab merges the other tab's text with its own and saves again, as the
 * dashboard is to do). Nothing is lost:
 * - every line either tab wrote is in the final notes;
 * - every write the worker made is in the log and counted in the revision (none overwrote another);
 * - replaying the logged events from the start gives exactly the stored migration.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CommandError, type MigrationApplyResult } from '../../src/messages.ts';
import { applyMigrationEvent, initialMigration, MIGRATION_STEPS, type MigrationEvent, type MigrationState, type MigrationStepId } from '../../src/core/migration.ts';
import type { CustomerView, EventRecord, MigrationRecord } from '../../src/core/records.ts';
import type { LoadedWorker } from '../background/tracker-fixtures.ts';
import { CONTENT_SENDER, CONTOSO, freshWorker, pageObservation, summary } from './reliability-fixtures.ts';

const EDITS_PER_TAB = 100;

let worker: LoadedWorker & { now: () => string };
beforeEach(async () => {
  worker = await freshWorker();
});
afterEach(() => worker.close());

type Edit = { kind: 'tick'; step: MigrationStepId; done: boolean } | { kind: 'plan'; choice: 'one-to-one' | 'consolidated' } | { kind: 'note' };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('tick' as const), step: fc.constantFrom(...MIGRATION_STEPS), done: fc.boolean() }),
  fc.record({ kind: fc.constant('plan' as const), choice: fc.constantFrom('one-to-one' as const, 'consolidated' as const) }),
  fc.constant({ kind: 'note' as const }),
);

interface Tab {
  name: string;
  notes: string;
  notesRevision: number;
  lines: string[];
  conflicts: number;
  annotateRevisions: number[];
}

async function runTab(tab: Tab, edits: Edit[]): Promise<void> {
  for (const [i, e] of edits.entries()) {
    if (e.kind === 'tick') {
      await worker.data<MigrationApplyResult>(
        { kind: 'migration/apply', customerId: CONTOSO, event: { type: e.done ? 'step-ticked' : 'step-unticked', step: e.step, ...(e.step === 'suspend' && e.done ? { date: '2026-11-24' } : {}) } },
        CONTENT_SENDER,
      );
    } else if (e.kind === 'plan') {
      tab.annotateRevisions.push((await worker.data<MigrationRecord>({ kind: 'migration/annotate', customerId: CONTOSO, planChoice: e.choice }, CONTENT_SENDER)).revision);
    } else {
      const line = `${tab.name} edit ${i}`;
      tab.lines.push(line);
      let text = tab.notes ? `${tab.notes}\n${line}` : line;
      for (;;) {
        const reply = await worker.send({ kind: 'migration/annotate', customerId: CONTOSO, notes: text, expectedNotesRevision: tab.notesRevision });
        if (reply.ok) {
          const saved = reply.data as MigrationRecord;
          tab.notes = saved.notes;
          tab.notesRevision = saved.notesRevision ?? 0;
          tab.annotateRevisions.push(saved.revision);
          break;
        }
        const conflict = new CommandError(reply.error).conflict;
        if (!conflict) throw new Error(reply.error.message);
        // The partner keeps both: the other tab's notes, then what this tab was adding.
        tab.conflicts += 1;
        text = `${conflict.theirs}\n${line}`;
        tab.notesRevision = conflict.notesRevision;
      }
    }
  }
}

/** The migration the log describes: every logged write applied again, in order. */
function replay(log: EventRecord[]): MigrationState | null {
  let state: MigrationState | null = null;
  for (const entry of log) {
    const detail = entry.detail as { event?: MigrationEvent; revision: number };
    if (entry.kind === 'migration-annotated') state = { ...(state ?? initialMigration(CONTOSO, entry.at)), revision: detail.revision };
    if (entry.kind === 'migration-applied') {
      const result = applyMigrationEvent(state ?? initialMigration(CONTOSO, entry.at), detail.event!, { deprovisionDays: 120 }, entry.at);
      if (!result.ok) throw new Error(`logged event does not apply again: ${result.reason.code}`);
      state = result.state;
    }
  }
  return state;
}

describe('concurrent edits', () => {
  it(`two tabs × ${EDITS_PER_TAB} interleaved edits on one customer: nothing lost`, { timeout: 60_000 }, async () => {
    await worker.data({ kind: 'observations/record', observations: [pageObservation()] });
    const tabs: Tab[] = ['A', 'B'].map((name) => ({ name, notes: '', notesRevision: 0, lines: [], conflicts: 0, annotateRevisions: [] }));
    const [editsA, editsB] = fc.sample(fc.array(edit, { minLength: EDITS_PER_TAB, maxLength: EDITS_PER_TAB }), { numRuns: 2, seed: 13 });
    await Promise.all([runTab(tabs[0]!, editsA!), runTab(tabs[1]!, editsB!)]);

    const view = await worker.data<CustomerView>({ kind: 'customer/get', customerId: CONTOSO });
    const migration = view.migration!;
    const log = (await worker.data<EventRecord[]>({ kind: 'events/list', customerId: CONTOSO, limit: 500 })).reverse();
    const writes = log.filter((e) => e.kind === 'migration-applied' || e.kind === 'migration-annotated');
    const finalLines = new Set(migration.notes.split('\n'));
    const lostLines = tabs.flatMap((t) => t.lines).filter((line) => !finalLines.has(line)).length;
    const revisions = tabs.flatMap((t) => t.annotateRevisions);
    const sharedRevisions = revisions.length - new Set(revisions).size;
    const lostWrites = writes.length - migration.revision;
    const replayed = replay(log);
    const lastPlan = writes.filter((e) => e.kind === 'migration-annotated' && (e.detail as { planChoice?: string }).planChoice !== undefined).at(-1);
    summary(
      `concurrent edits: 2 tabs × ${EDITS_PER_TAB} edits (${tabs.reduce((n, t) => n + t.lines.length, 0)} note edits, ${tabs.reduce((n, t) => n + t.conflicts, 0)} conflicts merged and saved again, ` +
        `${writes.length} writes) → ${lostLines} note lines lost, ${lostWrites} writes lost, ${sharedRevisions} writes sharing a revision, replay of the log ${JSON.stringify(replayed) === JSON.stringify(migration.state) ? 'equals' : 'differs from'} the stored migration`,
    );
    expect(log.length).toBeLessThan(500); // the whole history is there to check
    expect(lostLines).toBe(0);
    expect(lostWrites).toBe(0);
    expect(sharedRevisions).toBe(0);
    expect(replayed).toEqual(migration.state);
    expect(migration.planChoice).toBe((lastPlan?.detail as { planChoice?: string } | undefined)?.planChoice ?? null);
    expect(tabs.reduce((n, t) => n + t.conflicts, 0)).toBeGreaterThan(0);
  });
});
