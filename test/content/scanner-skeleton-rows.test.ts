// @vitest-environment happy-dom
/**
 * Today's Partner Center grids render skeleton rows first (ids `row-he-row-0`, `row-1`, placeholder
 * text that can look like data) and fill the same rows in place later; pagination and search swap the
 * rows' text in place. The scanner hands no skeleton text to any watcher, matches a row once it is
 * filled, undoes what a row had when it turns back into a skeleton, and can say that the page's text
 * changed even when nothing of it matched (so the page is read again).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { flushScanner, watchText } from '../../src/content/scanner.ts';

const GUID = '5f0e2c1a-0001-4a7b-8c9d-0e1f2a3b4c01';
const controllers: AbortController[] = [];

afterEach(() => {
  for (const controller of controllers.splice(0)) controller.abort();
  document.body.replaceChildren();
});

/** A grid host nested in a shadow root, its table in its own, one row per [id, product, renewal]. */
function grid(rows: Array<[string, string, string]>): { rows: HTMLTableRowElement[]; append(row: Element): void } {
  document.body.innerHTML = '<x-app></x-app>';
  const app = document.querySelector('x-app')!.attachShadow({ mode: 'open' });
  app.innerHTML = '<customersvcadmin_he-data-grid></customersvcadmin_he-data-grid>';
  const root = app.firstElementChild!.attachShadow({ mode: 'open' });
  root.innerHTML = '<table role="grid"><tbody></tbody></table>';
  const body = root.querySelector('tbody')!;
  for (const [id, product, renewal] of rows) {
    const row = document.createElement('tr');
    row.id = id;
    row.setAttribute('role', 'row');
    row.innerHTML = `<th><span>${product}</span></th><td><span>${renewal}</span></td>`;
    body.append(row);
  }
  return {
    get rows() {
      return [...body.querySelectorAll('tr')];
    },
    append: (row) => body.append(row),
  };
}

/** Watches retired-looking product names; returns what is annotated now (by text) and the pass ends seen. */
function watchProducts(options: { reportTextChanges?: boolean } = {}) {
  const controller = new AbortController();
  controllers.push(controller);
  const annotated = new Set<Text>();
  let passEnds = 0;
  watchText(
    (text) => (text.startsWith('Dynamics AX') ? text : null),
    (node) => {
      annotated.add(node);
      return () => annotated.delete(node);
    },
    { signal: controller.signal, onPassEnd: () => passEnds++, ...options },
  );
  return { annotated: () => [...annotated].map((node) => node.data).sort(), passEnds: () => passEnds };
}

/** Lets the mutation observer deliver its records, then runs the pass to its end. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  flushScanner();
}

describe('skeleton rows', () => {
  test('placeholder text in skeleton rows is no match; the same rows filled in place are', async () => {
    const body = grid([
      ['row-he-row-0', 'Dynamics AX Enterprise', 'Expires on 1/1/2030'],
      ['row-he-row-1', 'Dynamics AX Enterprise', 'Expires on 1/1/2030'],
    ]);
    const watcher = watchProducts();
    flushScanner();
    expect(watcher.annotated()).toEqual([]);

    // Data arrives in place: ids change, the first row's text changes, the second's stays the same.
    const [first, second] = [...body.rows];
    first!.id = `row-${GUID}`;
    first!.querySelector('span')!.firstChild!.textContent = 'Dynamics AX Task';
    second!.id = 'row-7b2a4e3c-0001-4c9d-8e1f-2a3b4c5d6e01';
    await settle();
    expect(watcher.annotated()).toEqual(['Dynamics AX Enterprise', 'Dynamics AX Task']);
  });

  test('a row that turns back into a skeleton (next page) loses its annotation until it is filled again', async () => {
    const body = grid([[`row-${GUID}`, 'Dynamics AX Enterprise', 'Expires on 1/1/2030']]);
    const watcher = watchProducts();
    flushScanner();
    expect(watcher.annotated()).toEqual(['Dynamics AX Enterprise']);

    body.rows[0]!.id = 'row-0';
    await settle();
    expect(watcher.annotated()).toEqual([]);

    body.rows[0]!.id = `row-${GUID}`;
    await settle();
    expect(watcher.annotated()).toEqual(['Dynamics AX Enterprise']);
  });

  test('text swapped into a row that is still a skeleton waits for the row to be filled', async () => {
    const body = grid([['row-1', 'Loading…', '']]);
    body.rows[0]!.classList.add('data-grid__row--skeleton');
    const watcher = watchProducts();
    flushScanner();
    body.rows[0]!.querySelector('span')!.firstChild!.textContent = 'Dynamics AX Device';
    await settle();
    expect(watcher.annotated()).toEqual([]);
    body.rows[0]!.id = `row-${GUID}`;
    body.rows[0]!.classList.remove('data-grid__row--skeleton');
    await settle();
    expect(watcher.annotated()).toEqual(['Dynamics AX Device']);
  });

  test('a watcher that asks for them also gets the matches of skeleton rows', () => {
    grid([['row-he-row-0', 'Dynamics AX Enterprise', 'Expires on 1/1/2030']]);
    const controller = new AbortController();
    controllers.push(controller);
    const seen: string[] = [];
    watchText(
      (text) => (text.startsWith('Expires') ? text : null),
      (node) => void seen.push(node.data),
      { signal: controller.signal, includeSkeletonRows: true },
    );
    const products = watchProducts();
    flushScanner();
    expect(seen).toEqual(['Expires on 1/1/2030']);
    expect(products.annotated()).toEqual([]);
  });

  test('rows added as skeletons are skipped too', async () => {
    const body = grid([[`row-${GUID}`, 'Office 365 E3', '']]);
    const watcher = watchProducts();
    flushScanner();
    const row = document.createElement('tr');
    row.id = 'row-he-row-3';
    row.innerHTML = '<td><span>Dynamics AX Enterprise</span></td>';
    body.append(row);
    await settle();
    expect(watcher.annotated()).toEqual([]);
  });
});

describe('text swapped in place', () => {
  test('a watcher that asks is told of every pass that changed the page text, matched or not', async () => {
    const body = grid([[`row-${GUID}`, 'Office 365 E3', 'Auto renews on 1/1/2030']]);
    const told = watchProducts({ reportTextChanges: true });
    const quiet = watchProducts();
    flushScanner();
    const [toldBefore, quietBefore] = [told.passEnds(), quiet.passEnds()];
    // Next page: the same row, another product that matches nothing.
    body.rows[0]!.querySelector('span')!.firstChild!.textContent = 'Power BI Pro';
    await settle();
    expect(told.passEnds()).toBe(toldBefore + 1);
    expect(quiet.passEnds()).toBe(quietBefore);
    // A row removed by a search counts too.
    body.rows[0]!.remove();
    await settle();
    expect(told.passEnds()).toBe(toldBefore + 2);
  });

  test('a renamed product loses its annotation; the new name is matched', async () => {
    const body = grid([[`row-${GUID}`, 'Dynamics AX Enterprise', '']]);
    const watcher = watchProducts();
    flushScanner();
    body.rows[0]!.querySelector('span')!.firstChild!.textContent = 'Dynamics 365 Finance';
    await settle();
    expect(watcher.annotated()).toEqual([]);
    body.rows[0]!.querySelector('span')!.textContent = 'Dynamics AX Task';
    await settle();
    expect(watcher.annotated()).toEqual(['Dynamics AX Task']);
  });
});
