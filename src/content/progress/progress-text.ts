/**
 * The checklist feature's one text watcher: text that can carry migration progress — a retired SKU or
 * a Dynamics 365 product (either one also says the checklist is needed), a subscription status word,
 * a user name — and end dates ("Expires on": the page is then recorded, even with nothing to migrate).
 *
 * It starts with the page, where the feature (../features/checklist.tsx) asks it whether the customer
 * needs the checklist, and is then handed to the checklist, which re-reads the page after every pass
 * in which such text appeared, changed or left. One watcher for both: a 5,000-row grid's text is
 * matched once, not a second time when the checklist loads.
 */
import { watchText } from '../scanner.ts';
import { catalogMatchers } from '../../core/product-matchers.ts';
import { statusFromCell } from './status-words.ts';
import type { ProductMatchers } from '../../core/product-matchers.ts';
import type { RetirementRule } from '../../core/catalog.ts';
import { Listeners } from '../lib/listeners.ts';
import { mayStateExpiry } from '../badge/renewal-candidate.ts';

const USER_NAME = /\S@\S/;

type ProgressKind = 'product' | 'expiry' | 'other';

export class ProgressText {
  private readonly productListeners = new Listeners();
  private readonly expiryListeners = new Listeners();
  private expirySeen = false;
  private readonly passListeners = new Listeners();
  private run = new AbortController();
  private rules: readonly RetirementRule[] = [];
  private current: ProductMatchers = catalogMatchers();
  private productSeen = false;

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => this.run.abort(), { once: true });
    this.watch();
  }

  /** The catalog's matchers under the rules in force (the partner's own first). */
  get matchers(): ProductMatchers {
    return this.current;
  }

  /** A product has been seen on the page since the watcher (re)started. */
  get sawProduct(): boolean {
    return this.productSeen;
  }

  /** An end date ("Expires on <date>") has been seen on the page since the watcher (re)started. */
  get sawExpiry(): boolean {
    return this.expirySeen;
  }

  /** Calls `listener` (once per matching text) when the page shows an end date ("Expires on"), until `signal` aborts. */
  onExpiry(listener: () => void, signal: AbortSignal): void {
    this.expiryListeners.add(listener, signal);
  }

  /** Calls `listener` (once per matching text) when a retired SKU or a Dynamics 365 product is on the page, until `signal` aborts. */
  onProduct(listener: () => void, signal: AbortSignal): void {
    this.productListeners.add(listener, signal);
  }

  /** Calls `listener` once per scanner pass in which progress text appeared, changed or left the page, until `signal` aborts. */
  onPassEnd(listener: () => void, signal: AbortSignal): void {
    this.passListeners.add(listener, signal);
  }

  /** The partner's rules, as the worker sent them: the page is matched again only when they differ. */
  setRules(rules: readonly RetirementRule[]): void {
    if (rules === this.rules) return;
    const same = sameRules(rules, this.rules);
    this.rules = rules;
    if (same) return;
    this.current = catalogMatchers(rules);
    this.watch();
  }

  private watch(): void {
    this.run.abort();
    this.run = new AbortController();
    if (this.signal.aborted) return;
    this.productSeen = false;
    const matchers = this.current;
    watchText(
      (text) => progressKind(text, matchers),
      (_node, kind) => {
        if (kind === 'expiry') {
          this.expirySeen = true;
          this.expiryListeners.call();
          return;
        }
        if (kind !== 'product') return;
        this.productSeen = true;
        this.productListeners.call();
      },
      // A row whose text is swapped in place (pagination, search, skeleton rows filled) is re-read
      // even when nothing in it matches any more.
      { signal: this.run.signal, onPassEnd: () => this.passListeners.call(), reportTextChanges: true },
    );
  }
}

/** Cheapest tests first: this runs on every text node of grids that can hold thousands of rows. */
function progressKind(text: string, matchers: ProductMatchers): ProgressKind | null {
  if (text.length <= 24 && statusFromCell(text)) return 'other';
  if (text.includes('@') && USER_NAME.test(text)) return 'other';
  if (matchers.retired(text) || matchers.target(text)) return 'product';
  // An end date: a current product that will not renew is recorded for the dashboard.
  return mayStateExpiry(text) ? 'expiry' : null;
}

/** Each worker answer carries fresh rule objects: compare what they say. */
function sameRules(a: readonly RetirementRule[], b: readonly RetirementRule[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}
