import { describe, expect, test } from 'vitest';
import { canOpenChecklist, onOpenChecklist, openChecklist, watchChecklistAvailability } from '../../src/content/open-checklist.ts';

const request = { customerId: null, ruleId: 'ax-enterprise', productName: 'Dynamics AX Enterprise', endDate: null };

describe('open-checklist', () => {
  test('details opened before the checklist loaded hear when it can be opened, and when it no longer can', () => {
    const seen: boolean[] = [];
    const stop = watchChecklistAvailability(() => seen.push(canOpenChecklist()));
    expect(canOpenChecklist()).toBe(false);
    expect(openChecklist(request)).toBe(false);

    const page = new AbortController();
    const opened: string[] = [];
    onOpenChecklist((r) => opened.push(r.ruleId), page.signal);
    expect(seen).toEqual([true]);
    expect(openChecklist(request)).toBe(true);
    expect(opened).toEqual(['ax-enterprise']);

    // A newer handler replaces it: still available, nothing to tell.
    const next = new AbortController();
    onOpenChecklist(() => undefined, next.signal);
    page.abort();
    expect(seen).toEqual([true]);
    next.abort();
    expect(seen).toEqual([true, false]);

    stop();
    const last = new AbortController();
    onOpenChecklist(() => undefined, last.signal);
    last.abort();
    expect(seen).toEqual([true, false]);
  });
});
