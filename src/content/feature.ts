/**
 * The shape of a content-script feature (after refined-github's feature manager): one behaviour per
 * file in `features/`, declaring the page kinds it runs on and an `init` that receives an AbortSignal.
 * The runtime aborts the signal when the partner navigates away (Partner Center is a single-page app)
 * or when the extension is reloaded, so every listener, observer and badge a feature sets up with the
 * signal is undone for free.
 */
import type { PageInfo, PageKind } from '../core/partner-center-urls.ts';

/** What a feature knows about the page it runs on. */
export interface PageContext extends PageInfo {
  /** The full URL at the time the feature started. */
  url: string;
  /** Today, YYYY-MM-DD in UTC (Partner Center dates are UTC). Passed in so tests can fix it. */
  today: string;
  /** How the page kind was recognised. */
  recognisedBy: 'url' | 'heading';
}

export interface Feature {
  /** Short stable id, used in logs and tests. */
  id: string;
  /** The page kinds it runs on, or every Partner Center page (started before the kind is known). */
  pages: readonly PageKind[] | 'every-page';
  /**
   * Starts the feature on a page. Undo everything when `signal` aborts (pass it to `watchText`,
   * `addEventListener`, ...). May be async; a throw or rejection is contained to this feature.
   */
  init(signal: AbortSignal, page: PageContext): void | Promise<void>;
}

/** Declares a feature (an identity function that checks the shape at compile time). */
export function feature(definition: Feature): Feature {
  return definition;
}
