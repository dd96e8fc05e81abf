/**
 * What one Partner Center page shows that matters to a migration, as a content script reads it and
 * sends it to the worker (`page/reading`). Plain text and counts, nothing decided: the worker, in one
 * transaction, matches it against what it has stored and derives the progress (src/core/page-progress.ts).
 */
import type { PageKind } from './partner-center-urls.ts';
import type { Relationship, SubscriptionStatus } from './observation.ts';

/** A label and its value as a row or a details pane shows them (read by ./renewal-fields.ts in the worker). */
export interface LabelledField {
  label: string;
  value: string;
}

/** The fields a page reading sends per row: a grid row or a details pane shows a few dozen at most. */
export const FIELDS_MAX = 40;
export const FIELD_LABEL_MAX = 80;
/** Enough for "Thursday, December 31, 2026 (UTC)". */
export const FIELD_VALUE_MAX = 64;

/** One grid row (or a details page's summary) that names a retired SKU or a Dynamics 365 product. */
export interface SubscriptionRow {
  /** The product cell's text as seen. */
  name: string;
  status: SubscriptionStatus | null;
  quantity: number | null;
  /** From a "Channel" column or field: 'other' when bought through another channel (Open...). */
  channel: 'csp' | 'other' | null;
  /** The whole row (or the details summary) as one line: the evidence, and where renewal text is read. */
  text: string;
  /**
   * The row's cells under their column headers, or a details pane's label/value pairs: where a term
   * end date beside an auto-renew On/Off is read when no sentence says it (core/renewal-fields.ts).
   */
  fields?: LabelledField[];
}

/**
 * Users whose licence cells name the same products, counted together: a 5,000-user grid is a handful
 * of groups, not 5,000 rows to send.
 */
export interface LicenceGroup {
  /** Retirement rule ids of the retired licences these users hold (any rule, in scope or not). */
  retiredRuleIds: string[];
  /** Dynamics 365 target ids of the licences they hold (trials and "Attach" offers excluded). */
  targetIds: string[];
  /** Their licence cell hides part of its list ("+1 more", "2 licenses"). */
  truncated: boolean;
  count: number;
  /** A few of these users' rows as seen ("user · licences"), for evidence. */
  samples: string[];
}

/** A Users and licenses grid, read whole. */
export interface UsersShown {
  /** User rows listed: 0 means the grid has not loaded, so nothing can be concluded. */
  usersSeen: number;
  /** Rows whose licence cell is empty (all of them: licences still loading). */
  emptyLicences: number;
  /** The grid shows only part of the users (paged or virtualised): the counts are a lower bound. */
  partial: boolean;
  /** The grid has a licences column at all ("nobody holds it" means nothing without one). */
  hasLicenseColumn: boolean;
  groups: LicenceGroup[];
}

/** One row of the customers list. */
export interface CustomerRow {
  customerId: string;
  name: string | null;
  relationship: Relationship | null;
}

export interface PageReading {
  /** The page URL: the evidence of everything read from it. */
  url: string;
  pageKind: PageKind;
  /** The customer in view (tenant GUID); null on the customers list. */
  customerId: string | null;
  /** The subscription id in a details page URL. */
  subscriptionId: string | null;
  /** The URL's locale segment or the page's language, a hint for reading dates ('en-us' is month/day). */
  locale: string | null;
  /** ISO timestamp of the reading. */
  seenAt: string;
  /** The company name in the page's header, when the page shows one. */
  customerName: string | null;
  /**
   * The page shows a narrowed or unfinished view: a search or filter box holds text, or a grid is
   * still loading (skeleton rows). Counts read from it prove nothing about what is not shown.
   */
  incomplete: 'filtered' | 'loading' | null;
  /** A grid says it holds more rows than it shows (paged or virtualised). */
  partialGrid: boolean;
  subscriptions: SubscriptionRow[];
  /** Users and licenses pages only. */
  users: UsersShown | null;
  /** The customers list only. */
  customers: CustomerRow[] | null;
}
