import { isOwnElement, openShadowRoots } from '../lib/deep-dom.ts';
import { runSliced, runToEnd } from '../lib/yield-to-page.ts';
import { scannedShadowRoots } from '../scanner.ts';
import { partnerCenterLabelVariants } from '../progress/partner-center-labels.ts';
import type { Rect } from './placement.ts';

/**
 * Partner Center's own primary actions on the page, in and out of shadow roots: what the overlay must
 * never cover. Recognised by what they are (submit buttons, "primary" styling, the labels the
 * migration uses), not by one class name.
 */
const ACTION_WORDS = new Set((['submit', 'addSubscriptions', 'manageLicenses', 'edit', 'next', 'complete'] as const).flatMap((l) => partnerCenterLabelVariants(l)).map((w) => w.toLowerCase()));
const MAX_BUTTONS = 300;

export function isPrimaryAction(element: Element): boolean {
  if (isOwnElement(element)) return false;
  // Links count only when they are one of the migration's actions ("Manage licenses" on each user row).
  if (element.localName === 'a') return ACTION_WORDS.has((element.textContent ?? '').replace(/\s+/g, ' ').trim().toLowerCase());
  if (element.getAttribute('type') === 'submit') return true;
  if (/primary/i.test(element.getAttribute('class') ?? '') || /primary/i.test(element.getAttribute('appearance') ?? '')) return true;
  return ACTION_WORDS.has((element.textContent ?? '').replace(/\s+/g, ' ').trim().toLowerCase());
}

const CANDIDATES = 'button, [role="button"], input[type="submit"], input[type="button"], a[href]';

/**
 * The primary actions themselves, in the document and every open shadow root, as steps (one per
 * root, and every 64 candidates): a 5,000-row grid holds thousands of roots and links, so the search
 * runs in slices rather than as one long task.
 */
function* primaryButtonSteps(doc: Document): Generator<void, Element[]> {
  const found: Element[] = [];
  let seen = 0;
  for (const root of [doc, ...(scannedShadowRoots(doc) ?? openShadowRoots(doc))]) {
    for (const candidate of root.querySelectorAll(CANDIDATES)) {
      if (isPrimaryAction(candidate)) found.push(candidate);
      if (found.length >= MAX_BUTTONS) return found;
      if (++seen % 64 === 0) yield;
    }
    yield;
  }
  return found;
}

/** The primary actions, found at once (tests; small pages). */
export function primaryButtons(doc: Document): Element[] {
  return runToEnd(primaryButtonSteps(doc));
}

function measure(elements: readonly Element[]): Rect[] {
  const rects: Rect[] = [];
  for (const element of elements) {
    const r = element.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) rects.push({ left: r.left, top: r.top, width: r.width, height: r.height });
  }
  return rects;
}

/** A found list older than this is searched again even without a sign the page changed. */
const MAX_AGE_MS = 1000;

/**
 * The primary actions found by the last search, so a scroll frame measures only them instead of
 * searching the page again. A search runs in slices after the page changed (`invalidate()`), after
 * one of them left the page, or once the list is a second old (a dialog's buttons can appear without
 * any text we watch changing); `rects()` meanwhile answers with the buttons found before, and
 * `onFound` is called when a search brings a new list (to place the overlay again).
 */
export class PrimaryButtonCache {
  private elements: Element[] = [];
  private foundAt = Number.NEGATIVE_INFINITY;
  private stale = true;
  private searching: AbortController | null = null;

  constructor(
    private readonly doc: Document,
    private readonly onFound: () => void,
    private readonly signal: AbortSignal,
    private readonly now: () => number = () => performance.now(),
  ) {
    signal.addEventListener('abort', () => this.searching?.abort(), { once: true });
  }

  invalidate(): void {
    this.stale = true;
  }

  /** Some of the buttons found have left the page (an SPA page replaced them): the placement is stale. */
  lost(): boolean {
    return this.elements.some((e) => !e.isConnected);
  }

  rects(): Rect[] {
    if (this.stale || this.now() - this.foundAt > MAX_AGE_MS || this.elements.some((e) => !e.isConnected)) this.search();
    return measure(this.elements);
  }

  private search(): void {
    if (this.searching || this.signal.aborted) return;
    const run = new AbortController();
    this.searching = run;
    this.stale = false;
    void runSliced(primaryButtonSteps(this.doc), run.signal).then(
      (elements) => {
        this.searching = null;
        this.elements = elements;
        this.foundAt = this.now();
        if (!this.signal.aborted) this.onFound();
      },
      () => {
        this.searching = null;
      },
    );
  }
}
