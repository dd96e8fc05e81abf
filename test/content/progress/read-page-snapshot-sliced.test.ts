// @vitest-environment happy-dom
/**
 * The sliced page read gives the page its turn every few milliseconds and must return exactly what
 * the whole read returns: on a page with headings, fields, a search box and ARIA grids in nested
 * shadow roots (skeleton rows included), on a grid big enough to take many slices, and when the page
 * changes between two slices (it reads again, so the result is the page as it now is).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { readPageSnapshot, readPageSnapshotSliced } from '../../../src/content/progress/read-page-snapshot.ts';

afterEach(() => document.body.replaceChildren());

const signal = () => new AbortController().signal;

/** An ARIA grid of `rows` subscription rows inside two nested shadow roots; returns its rows' parent. */
function ariaGrid(rows: number, skeletonRows = 0): Element {
  document.body.innerHTML = '<h1>Subscriptions</h1><dl><dt>Customer</dt><dd>Contoso Ltd</dd></dl><x-shell></x-shell>';
  const shell = document.querySelector('x-shell')!.attachShadow({ mode: 'open' });
  shell.innerHTML = '<h2>Contoso Ltd</h2><input type="search" aria-label="Search"><x-grid></x-grid>';
  const grid = shell.querySelector('x-grid')!.attachShadow({ mode: 'open' });
  grid.innerHTML =
    '<div role="grid"><div role="row"><span role="columnheader">Product</span><span role="columnheader">Status</span><span role="columnheader">Renewal</span></div><div class="body"></div></div>';
  const body = grid.querySelector('.body')!;
  const names = ['Dynamics AX Enterprise', 'Office 365 E3', 'Dynamics 365 Finance', 'Microsoft 365 Business Basic'];
  let html = '';
  for (let i = 0; i < skeletonRows; i++)
    html += `<div role="row" id="row-he-row-${i}"><span role="gridcell">Dynamics AX Enterprise</span><span role="gridcell">Active</span><span role="gridcell">Expires on 1/1/2030</span></div>`;
  for (let i = 0; i < rows; i++) {
    html += `<div role="row" id="row-${i}-x"><span role="gridcell"><a href="#">${names[i % 4]}</a><span class="sr-only">Row ${i + 1}</span></span><span role="gridcell">${i % 3 ? 'Active' : 'Suspended'}</span><span role="gridcell">Expires on 1/${(i % 28) + 1}/2027</span></div>`;
  }
  body.innerHTML = html;
  return body;
}

describe('readPageSnapshotSliced', () => {
  test('the same snapshot as a whole read: headings, fields, rows in shadow roots, no skeleton row', async () => {
    ariaGrid(40, 3);
    const whole = readPageSnapshot(document);
    expect(whole.incomplete).toBe('loading');
    expect(whole.tables[0]!.rows).toHaveLength(40);
    expect(whole.headings).toEqual(['Subscriptions', 'Contoso Ltd']);
    expect(await readPageSnapshotSliced(document, signal())).toEqual(whole);
  });

  test('a grid that takes many slices reads the same', { timeout: 30_000 }, async () => {
    ariaGrid(800);
    const whole = readPageSnapshot(document);
    expect(whole.tables[0]!.rows).toHaveLength(800);
    expect(await readPageSnapshotSliced(document, signal())).toEqual(whole);
  });

  test('a page that changes between two slices is read again, as it now is', { timeout: 30_000 }, async () => {
    const body = ariaGrid(800);
    // Runs between the first slice and the next.
    setTimeout(() => {
      body.firstElementChild!.querySelector('a')!.textContent = 'Dynamics 365 Supply Chain Management';
    }, 0);
    const sliced = await readPageSnapshotSliced(document, signal());
    expect(sliced.tables[0]!.rows[0]![0]).toBe('Dynamics 365 Supply Chain Management');
    expect(sliced).toEqual(readPageSnapshot(document));
  });

  test('an aborted read rejects with the reason and reads no further', async () => {
    ariaGrid(800);
    const controller = new AbortController();
    const read = readPageSnapshotSliced(document, controller.signal);
    controller.abort(new Error('navigation'));
    await expect(read).rejects.toThrow('navigation');
  });
});
