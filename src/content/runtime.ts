/**
 * Runs the features on the page in view and restarts them when the partner navigates (SPA).
 *
 * Each page visit gets its own AbortController: navigation aborts it, which undoes everything the
 * previous page's features did, then the features that declare the new page kind start. A feature
 * that throws or rejects is reported quietly and never stops the others. When the URL does not tell
 * the page kind, the headings are read (in and out of shadow roots) until they do or the partner
 * navigates away.
 */
import type { Feature, PageContext } from './feature.ts';
import { pageInfoFromUrl, visitKeyOf, type PageInfo } from '../core/partner-center-urls.ts';
import { pageKindFromHeadings } from './page-kind.ts';
import { readHeadings } from './lib/deep-dom.ts';
import { watchLocation } from './location-watcher.ts';

export interface RuntimeOptions {
  /** Aborts the whole runtime (context invalidated). */
  signal: AbortSignal;
  /** Today as YYYY-MM-DD (UTC); defaults to the clock. */
  today?: () => string;
  doc?: Document;
  /** Called before each page visit starts; false stops (the extension context is gone). */
  beforeVisit?: () => boolean;
}

/** Heading look-ups for unknown URLs: Partner Center renders its title after the URL changes. */
const HEADING_RETRY_MS = [0, 100, 250, 500, 1000, 2000, 4000, 8000];

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function startRuntime(features: readonly Feature[], options: RuntimeOptions): void {
  const doc = options.doc ?? document;
  const win = doc.defaultView ?? window;
  let visit: AbortController | null = null;
  let visitKey = '';
  const everyPage = features.filter((f) => f.pages === 'every-page');
  const byKind = features.filter((f) => f.pages !== 'every-page');

  const start = (href: string): void => {
    const key = visitKeyOf(href);
    if (visit && key === visitKey) return; // hash-only change: same page
    visit?.abort('navigation');
    visit = null;
    visitKey = key;
    if (options.signal.aborted || (options.beforeVisit && !options.beforeVisit())) return;
    const controller = new AbortController();
    visit = controller;
    options.signal.addEventListener('abort', () => controller.abort('stopped'), { once: true, signal: controller.signal });
    const info = pageInfoFromUrl(href);
    // Features for every Partner Center page start at once, whatever the page turns out to be.
    runFeatures(everyPage, controller.signal, context(info, href, 'url'));
    if (info.kind !== 'unknown') {
      runFeatures(byKind, controller.signal, context(info, href, 'url'));
      return;
    }
    recogniseByHeadings(info, href, controller.signal);
  };

  const context = (info: PageInfo, href: string, recognisedBy: PageContext['recognisedBy']): PageContext => ({
    ...info,
    url: href,
    today: (options.today ?? (() => todayUtc()))(),
    recognisedBy,
  });

  const recogniseByHeadings = (info: PageInfo, href: string, signal: AbortSignal): void => {
    let attempt = 0;
    const tryOnce = (): void => {
      if (signal.aborted) return;
      const kind = pageKindFromHeadings(readHeadings(doc));
      if (kind !== 'unknown') {
        runFeatures(byKind, signal, context({ ...info, kind }, href, 'heading'));
        return;
      }
      attempt++;
      const delay = HEADING_RETRY_MS[attempt];
      if (delay === undefined) return; // not a page we understand: do nothing visible
      const timer = setTimeout(tryOnce, delay);
      signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    };
    tryOnce();
  };

  watchLocation(start, { signal: options.signal, win });
  start(win.location.href);
}

function runFeatures(features: readonly Feature[], signal: AbortSignal, page: PageContext): void {
  for (const feature of features) {
    if (feature.pages !== 'every-page' && !feature.pages.includes(page.kind)) continue;
    try {
      const result = feature.init(signal, page);
      if (result instanceof Promise) result.catch((error: unknown) => report(feature, error));
    } catch (error) {
      report(feature, error);
    }
  }
}

function report(feature: Feature, error: unknown): void {
  console.debug(`[SKU Shift] feature ${feature.id} failed`, error);
}
