/**
 * Finds text in the page — in `document` and in every open shadow root, recursively — and keeps
 * following it as the page changes.
 *
 * One scanner per document is shared by every watcher: it walks each root once, observes each root it
 * has walked with one MutationObserver, batches mutations (one pass per animation frame, with a timer
 * fallback because background tabs get no frames), and hands watchers only the nodes that were added or
 * whose text changed — never a full rescan per mutation.
 *
 * Annotation is idempotent: the scanner remembers, per watcher, which text nodes it has handled and
 * with what text. The same text seen again does nothing; changed text undoes the old annotation (the
 * cleanup `onMatch` returned) before matching again; a removed node's annotation is undone. So grids
 * that re-render, rows that are replaced and text that changes leave no duplicate or stale badge.
 *
 * Skeleton rows (a grid's placeholders while its data loads, filled in place later: see
 * lib/deep-dom.ts) are not page text: a match in one is handed to no watcher (asked only for matched
 * text, so a grid costs one row look-up per match, not per node), and a row that turns into a
 * skeleton loses its annotations until its data is back.
 *
 * A pass runs in slices (lib/yield-to-page.ts): the first walk of a 5,000-row grid would otherwise
 * hold the main thread for over 50 ms.
 */
import { forEachText, isOwnElement, isSkeletonRow, isSkeletonRowElement, rowAbove, SKELETON_ATTRIBUTES } from './lib/deep-dom.ts';
import { runToEnd, SLICE_MS, yieldToPage } from './lib/yield-to-page.ts';
import { BENCH_BUILD, passProfile, recordPass, timed, type PassProfile } from './bench-mark.ts';

/** Undoes what `onMatch` did (remove the badge...). */
export type Cleanup = () => void;

export interface WatchTextOptions {
  /** Aborting it undoes every annotation of this watcher and stops watching. */
  signal: AbortSignal;
  /** Defaults to the content script's document. */
  document?: Document;
  /**
   * Called at the end of every pass in which this watcher saw matches or cleanups, so work that
   * depends on several matches (a row's badge and its end date) is done once per pass.
   */
  onPassEnd?: () => void;
  /**
   * Remember `match` results per distinct text (default true). Turn it off only for a `match` that
   * is not a pure function of the text (it would otherwise see stale results).
   */
  memo?: boolean;
  /**
   * Also call `onPassEnd` after a pass in which the page's text changed at all — text edited in place,
   * text added or removed, a skeleton row filled — even if nothing of it matched: a grid that keeps its
   * rows and swaps their text (pagination, search, skeletons replaced) must be read again.
   */
  reportTextChanges?: boolean;
  /**
   * Also hand over matches in skeleton rows (default: not). For a watcher whose annotations show only
   * beside another's (a renewal date in a retired SKU's row, which a skeleton row never is): it saves
   * a row look-up per match, and every row of a grid has such a text.
   */
  includeSkeletonRows?: boolean;
}

interface Annotation {
  text: string;
  cleanup: Cleanup | undefined;
}

interface Watcher {
  match(text: string): unknown;
  /**
   * Results by text: a grid repeats the same strings (statuses, product names, channels) thousands
   * of times, so each distinct text is matched once. Bounded; cleared when full.
   */
  memo: Map<string, unknown> | null;
  onMatch(node: Text, match: unknown): Cleanup | void;
  annotations: Map<Text, Annotation>;
  onPassEnd: (() => void) | undefined;
  reportTextChanges: boolean;
  includeSkeletonRows: boolean;
  /** Set when the current pass matched or cleaned up something for this watcher. */
  touched: boolean;
  /** Set when the watcher has been removed (a pass in progress skips it from then on). */
  removed: boolean;
  /** Set once this watcher's `match` or `onMatch` has thrown and been reported. */
  reported: boolean;
}

/** Text shorter than this cannot hold a product name or a renewal date; skipping it skips whitespace. */
const MIN_TEXT_LENGTH = 4;
/** Longer text is prose, not a grid cell: matching it would only cost time. */
const MAX_TEXT_LENGTH = 2000;
/** Distinct texts remembered per watcher (a 5,000-row grid has a few thousand). */
const MEMO_LIMIT = 20_000;
/** Elements whose text is not page text. */
/** Elements with a custom element name whose definition has not run (yet). */
const UNDEFINED_ELEMENTS = ':not(:defined)';
const INERT_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'TEMPLATE', 'TITLE']);

/**
 * Calls `onMatch(node, match)` for every text node of the page, in and out of open shadow roots, for
 * which `match(node.data)` is not null — now and whenever such text appears later. `onMatch` may return
 * a cleanup; it runs when the text changes, when the node leaves the page, and when `signal` aborts.
 *
 * `match` should be a pure function of the text for the watcher's lifetime: results are memoized per
 * distinct text, and one result object may be handed to several nodes (treat it as read-only). To
 * match differently (e.g. new partner rules), abort and watch again, or pass `memo: false`.
 */
export function watchText<M>(match: (text: string) => M | null, onMatch: (node: Text, match: M) => Cleanup | void, options: WatchTextOptions): void {
  if (options.signal.aborted) return;
  const scanner = scannerFor(options.document ?? document);
  const watcher: Watcher = {
    match,
    memo: options.memo === false ? null : new Map(),
    onMatch,
    annotations: new Map(),
    onPassEnd: options.onPassEnd,
    reportTextChanges: options.reportTextChanges === true,
    includeSkeletonRows: options.includeSkeletonRows === true,
    touched: false,
    removed: false,
    reported: false,
  };
  scanner.add(watcher);
  options.signal.addEventListener('abort', () => scanner.remove(watcher), { once: true });
}

const scanners = new WeakMap<Document, DeepTextScanner>();

function scannerFor(doc: Document): DeepTextScanner {
  let scanner = scanners.get(doc);
  if (!scanner) {
    scanner = new DeepTextScanner(doc);
    scanners.set(doc, scanner);
  }
  return scanner;
}

/** Runs any pending batch now, to the end (tests and the benchmark; the page never needs it). */
export function flushScanner(doc: Document = document): void {
  scanners.get(doc)?.flush();
}

/**
 * The open shadow roots the page's scanner has walked and observes (the document's, kept current
 * as roots come and go), or null when no scanner runs on `doc`. A query across the whole page then
 * costs one native query per root instead of a walk of every element to find them again.
 */
export function scannedShadowRoots(doc: Document = document): ShadowRoot[] | null {
  return scanners.get(doc)?.shadowRoots() ?? null;
}

class DeepTextScanner {
  private readonly watchers = new Set<Watcher>();
  /** Watchers added since the last pass: they get a full walk, the others only the changes. */
  private readonly newWatchers = new Set<Watcher>();
  /** Every root walked and observed: the document and open shadow roots. */
  private readonly roots = new Set<Document | ShadowRoot>();

  /** The open shadow roots walked so far (null before the first walk: then nobody knows them yet). */
  shadowRoots(): ShadowRoot[] | null {
    if (!this.roots.has(this.doc)) return null;
    const found: ShadowRoot[] = [];
    for (const root of this.roots) if (root instanceof ShadowRoot && root.host.isConnected) found.push(root);
    return found;
  }
  /** Custom elements seen without a shadow root: one may be attached when the element upgrades. */
  private readonly pendingHosts = new Set<Element>();
  /** What the observer handed over, not sorted out yet (queue()). */
  private queued: MutationRecord[][] = [];
  private readonly addedNodes = new Set<Node>();
  private readonly changedTexts = new Set<Text>();
  /** Skeleton rows seen on the page (see lib/deep-dom.ts): their text is not handed to watchers. */
  private readonly skeletons = new Set<Element>();
  /** Whether a row is a skeleton, per row, for the pass in progress (a row's text matches several times). */
  private readonly rowIsSkeleton = new Map<Element, boolean>();
  /**
   * Elements whose id, aria-busy or class changed: a row among them may have turned into a skeleton
   * or back. Told apart in the pass, in slices: a grid filled in place changes these on every row
   * and cell at once (on today's 5,000-row grid, ~40 ms of checks inside the page's own task).
   */
  private readonly rowsRestyled = new Set<Element>();
  /** Nodes visited by the pass in progress, across its walks: it yields every STEP_MASK + 1. */
  private visited = 0;
  /**
   * Every text node of matchable length visited since the document was walked (duplicates and
   * nodes gone since included; compacted as it grows). A watcher added later (the checklist, a
   * feature restarted with the partner's rules) visits these instead of walking the whole DOM again.
   */
  private known: Text[] = [];
  /** Length of `known` after its last compaction. */
  private knownCompacted = 0;
  /** Set when nodes left the page since `known` was last filtered: only then can it hold gone nodes. */
  private knownMayHoldGone = false;
  /**
   * Texts that no watcher matches (each watcher's memo says null): most of a grid's cells. One look-up
   * here instead of one memo look-up per watcher. Emptied when a watcher joins (it may match them)
   * and unused while a watcher without memo is on (its answer may change).
   */
  private readonly quiet = new Set<string>();
  private unmemoized = 0;
  private sawRemovals = false;
  private observer: MutationObserver | null = null;
  /** The pass in progress, between two slices. */
  private steps: Generator<void, void> | null = null;
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Set while the next slice of the pass in progress is scheduled. */
  private continuing = false;
  private hostRetry: ReturnType<typeof setTimeout> | undefined;
  private hostRetryDelay = 0;
  /** Where the slice in progress spends its time, when the benchmark profiles the page (else null). */
  private profile: PassProfile | null = null;

  constructor(private readonly doc: Document) {}

  add(watcher: Watcher): void {
    this.watchers.add(watcher);
    this.newWatchers.add(watcher);
    this.quiet.clear();
    if (!watcher.memo) this.unmemoized++;
    if (!this.observer) {
      this.observer = new MutationObserver((records) => this.queue(records));
    }
    this.schedule();
  }

  remove(watcher: Watcher): void {
    if (!this.watchers.delete(watcher)) return;
    watcher.removed = true;
    if (!watcher.memo) this.unmemoized--;
    this.newWatchers.delete(watcher);
    for (const annotation of watcher.annotations.values()) runCleanup(annotation.cleanup);
    watcher.annotations.clear();
    if (this.watchers.size === 0) this.stop();
  }

  /** Stops observing and forgets every root; the next watcher starts from scratch. */
  private stop(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.steps = null;
    this.continuing = false;
    this.roots.clear();
    this.pendingHosts.clear();
    this.queued = [];
    this.addedNodes.clear();
    this.changedTexts.clear();
    this.skeletons.clear();
    this.rowsRestyled.clear();
    this.known = [];
    this.knownCompacted = 0;
    this.knownMayHoldGone = false;
    this.quiet.clear();
    this.sawRemovals = false;
    if (this.frame) cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    clearTimeout(this.hostRetry);
    this.frame = 0;
    this.timer = undefined;
    this.hostRetry = undefined;
    this.hostRetryDelay = 0;
  }

  /**
   * The observer's callback only queues what it is handed: a grid filled in place brings tens of
   * thousands of records at once (today's 5,000-row grid: ~55,000, ~50 ms to sort out), and the
   * callback runs inside the page's own task, in one piece. The pass sorts them out, in slices.
   */
  private queue(records: MutationRecord[]): void {
    this.queued.push(records);
    this.schedule();
  }

  /** The queued records, sorted out into what the pass handles (as steps). */
  private *sortQueued(): Generator<void, void> {
    while (this.queued.length > 0) {
      const records = this.queued.shift()!;
      for (let i = 0; i < records.length; i++) {
        this.record(records[i]!);
        if ((++this.visited & STEP_MASK) === 0) yield;
      }
    }
  }

  private record(record: MutationRecord): void {
    if (record.type === 'characterData') {
      if (record.target.nodeType === Node.TEXT_NODE) this.changedTexts.add(record.target as Text);
      return;
    }
    if (record.type === 'attributes') {
      this.rowsRestyled.add(record.target as Element);
      return;
    }
    for (const node of record.addedNodes) {
      if (node.nodeType === Node.ELEMENT_NODE && isOwnElement(node as Element)) continue;
      this.addedNodes.add(node);
    }
    // Our own badges leaving the page (re-rendered, moved) carry no page text.
    if (!this.sawRemovals) {
      for (const node of record.removedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE || !isOwnElement(node as Element)) {
          this.sawRemovals = true;
          break;
        }
      }
    }
  }

  private hasPending(): boolean {
    return this.queued.length > 0 || this.addedNodes.size > 0 || this.changedTexts.size > 0 || this.rowsRestyled.size > 0 || this.sawRemovals || this.newWatchers.size > 0;
  }

  /** One pass per frame; the timer covers background tabs, which get no animation frames. */
  private schedule(): void {
    if (this.frame || this.timer !== undefined || this.steps) return;
    this.frame = requestAnimationFrame(() => this.slice());
    this.timer = setTimeout(() => this.slice(), 150);
  }

  /** The rest of the pending work at once (tests, the benchmark). */
  flush(): void {
    this.cancelScheduled();
    this.continuing = false;
    if (this.watchers.size === 0) return;
    timed(this.doc, () => {
      runToEnd((this.steps ??= this.pass()));
      this.steps = null;
      this.endPass();
    });
  }

  /** One slice of the pass in progress (a new pass if none is): about SLICE_MS, then the page's turn. */
  private slice(): void {
    this.cancelScheduled();
    this.continuing = false;
    if (this.watchers.size === 0) return;
    timed(this.doc, () => {
      const started = performance.now();
      this.profile = BENCH_BUILD ? passProfile(this.doc) : null;
      const steps = (this.steps ??= this.pass());
      const deadline = started + SLICE_MS;
      let done: boolean;
      while (!(done = steps.next().done === true) && performance.now() < deadline);
      if (done) this.steps = null;
      // Badges for what this slice found show now, not when the whole page has been walked.
      this.endPass();
      if (BENCH_BUILD && this.profile) recordPass(this.doc, this.profile, performance.now() - started);
      this.profile = null;
      if (!done) this.continueSoon();
      else if (this.hasPending()) this.schedule();
    });
  }

  private continueSoon(): void {
    if (this.continuing) return;
    this.continuing = true;
    void yieldToPage().then(() => {
      if (this.continuing) this.slice();
    });
  }

  private cancelScheduled(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    this.frame = 0;
    this.timer = undefined;
  }

  /**
   * One pass, as steps (it yields every few hundred nodes): fresh watchers walk everything;
   * established ones see only what was added or changed. Mutations that arrive between two slices are
   * handled by the same pass, at its end.
   */
  private *pass(): Generator<void, void> {
    const fresh = [...this.newWatchers];
    this.newWatchers.clear();
    this.rowIsSkeleton.clear();
    const established = [...this.watchers].filter((w) => !fresh.includes(w));

    if (fresh.length > 0 && !this.roots.has(this.doc)) {
      // The first watchers walk and observe the document: no node can carry their annotation yet.
      this.adoptRoot(this.doc);
      yield* this.walk(this.doc, fresh, 'initial');
      // What changed while the walk gave the page its turns is handled below, for them too.
      established.push(...fresh);
    } else if (fresh.length > 0) {
      // Later watchers visit the text already found, then the changes pending with the others.
      const known = this.compactKnown();
      for (let i = 0, n = known.length; i < n; i++) {
        this.visitText(known[i]!, fresh, 'known');
        if ((i & STEP_MASK) === STEP_MASK) yield;
      }
      established.push(...fresh);
      // What a full walk would also have found: shadow roots attached since to hosts still waiting.
      for (const host of this.pendingHosts) {
        if (host.isConnected && host.shadowRoot) yield* this.enterShadow(host, established, 'new');
      }
    }
    if (established.length === 0) return;
    yield* this.sortQueued();
    let textChanged = this.addedNodes.size > 0 || this.changedTexts.size > 0 || this.sawRemovals;
    // Most class changes are the page's own styling: only skeleton rows, and rows that become one, matter.
    for (const target of this.rowsRestyled) {
      if (this.skeletons.has(target) || isSkeletonRowElement(target)) {
        textChanged = true;
        yield* this.restyled(target, established);
      }
      if ((++this.visited & STEP_MASK) === 0) yield;
    }
    this.rowsRestyled.clear();
    // Taken as they are now: nodes added while these are walked wait for the next pass.
    const added = yield* this.outermostAdded();
    for (const node of added) yield* this.walk(node, established, 'new');
    for (const text of this.changedTexts) {
      if (text.isConnected) this.visitText(text, established, 'new');
      if ((++this.visited & STEP_MASK) === 0) yield;
    }
    this.changedTexts.clear();
    if (this.sawRemovals) {
      this.sawRemovals = false;
      yield* this.sweepRemoved();
    }
    if (textChanged) for (const watcher of established) if (watcher.reportTextChanges) watcher.touched = true;
    this.retryPendingHosts();
  }

  private endPass(): void {
    for (const watcher of this.watchers) {
      if (!watcher.touched) continue;
      watcher.touched = false;
      const started = BENCH_BUILD && this.profile ? performance.now() : 0;
      try {
        watcher.onPassEnd?.();
      } catch (error) {
        console.debug('[SKU Shift] pass end failed', error);
      }
      if (BENCH_BUILD && this.profile) this.profile.passEnd += performance.now() - started;
    }
  }

  /**
   * The added nodes, taken (the set is emptied), minus those inside another added node (walked with
   * it) and those gone again. As steps: a grid rendered at once adds thousands of rows.
   */
  private *outermostAdded(): Generator<void, Node[]> {
    const added = new Set(this.addedNodes);
    this.addedNodes.clear();
    if (added.size <= 1) return [...added].filter((n) => n.isConnected);
    const outermost: Node[] = [];
    for (const node of added) {
      if ((++this.visited & STEP_MASK) === 0) yield;
      if (!node.isConnected) continue;
      let ancestor = parentAcrossShadow(node);
      let nested = false;
      while (ancestor) {
        if (added.has(ancestor)) {
          nested = true;
          break;
        }
        ancestor = parentAcrossShadow(ancestor);
      }
      if (!nested) outermost.push(node);
    }
    return outermost;
  }

  private adoptRoot(root: Document | ShadowRoot): void {
    if (this.roots.has(root)) return;
    this.roots.add(root);
    this.observer?.observe(root, {
      childList: true,
      subtree: true,
      characterData: true,
      // Narrowly: the attributes that mark a skeleton row (a row filled in place changes them).
      attributeFilter: SKELETON_ATTRIBUTES,
    });
  }

  /** A row whose skeleton markers changed: its text is page text again, or no longer is. */
  private *restyled(row: Element, watchers: readonly Watcher[]): Generator<void, void> {
    const skeleton = row.isConnected && isSkeletonRow(row);
    if (skeleton === this.skeletons.has(row)) return;
    if (skeleton) {
      this.skeletons.add(row);
      forEachText(row, (text) => this.forget(text, watchers));
    } else {
      this.skeletons.delete(row);
      if (row.isConnected) yield* this.walk(row, watchers, 'new');
    }
  }

  /** Undoes the annotations of `node` (its row became a skeleton). */
  private forget(node: Text, watchers: readonly Watcher[]): void {
    for (const watcher of watchers) {
      const annotation = watcher.annotations.get(node);
      if (!annotation) continue;
      watcher.annotations.delete(node);
      watcher.touched = true;
      runCleanup(annotation.cleanup);
    }
  }

  /**
   * Visits every text node under `start` (itself included), entering open shadow roots and skipping
   * skeleton rows. One TreeWalker, no filter callback: a callback per node would cost more than the
   * walk itself. Yields every few hundred nodes.
   */
  private *walk(start: Node, watchers: readonly Watcher[], how: 'initial' | 'new'): Generator<void, void> {
    if (start.nodeType === Node.TEXT_NODE) {
      this.visitText(start as Text, watchers, how);
      if ((++this.visited & STEP_MASK) === 0) yield;
      return;
    }
    if (start.nodeType === Node.ELEMENT_NODE) {
      const element = start as Element;
      if (isOwnElement(element) || INERT_TAGS.has(element.tagName)) return;
      yield* this.enterShadow(element, watchers, how);
      if (!element.shadowRoot && element.matches(UNDEFINED_ELEMENTS)) this.notePendingHost(element);
    }
    const walker = this.doc.createTreeWalker(start, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        this.visitText(node as Text, watchers, how);
      } else if ((node as Element).shadowRoot) {
        yield* this.enterShadow(node as Element, watchers, how);
      }
      // Counted across walks: a pass over thousands of small rows yields as often as one big walk.
      if ((++this.visited & STEP_MASK) === 0) {
        yield;
        // The page changed meanwhile: a walker left on a node that is gone would walk only that node's
        // detached subtree. Start this root again (what was seen is matched no second time).
        if (!walker.currentNode.isConnected && start.isConnected) walker.currentNode = start;
      }
    }
    // Custom elements not yet upgraded: their shadow root may appear later, without a mutation we
    // could observe (content scripts cannot reach `customElements.whenDefined`). One native query per
    // walk rather than reading every element's tag name in the loop above (measured: cheaper).
    if ('querySelectorAll' in start) {
      for (const element of (start as ParentNode).querySelectorAll(UNDEFINED_ELEMENTS)) {
        if (!element.shadowRoot) this.notePendingHost(element);
      }
    }
  }

  /** The skeleton row holding `node` (whose parent is `parent`), if it is in one (asked for matched text only). */
  private skeletonRowOf(node: Text, parent: Element | null): Element | null {
    const row = rowAbove(node, parent);
    if (!row) return null;
    let skeleton = this.rowIsSkeleton.get(row);
    if (skeleton === undefined) {
      skeleton = isSkeletonRow(row);
      this.rowIsSkeleton.set(row, skeleton);
      if (skeleton) this.skeletons.add(row);
    }
    return skeleton ? row : null;
  }

  private notePendingHost(element: Element): void {
    if (!isOwnElement(element)) this.pendingHosts.add(element);
  }

  /** `known` without the nodes that left the page and without duplicates (when it has grown enough). */
  private compactKnown(): readonly Text[] {
    if (this.known.length > 2 * this.knownCompacted + 1000) {
      const unique = new Set<Text>();
      for (const text of this.known) if (text.isConnected) unique.add(text);
      this.known = [...unique];
      this.knownCompacted = this.known.length;
      this.knownMayHoldGone = false;
    } else if (this.knownMayHoldGone || this.sawRemovals) {
      this.known = this.known.filter((text) => text.isConnected);
      this.knownMayHoldGone = false;
    }
    return this.known;
  }

  private *enterShadow(element: Element, watchers: readonly Watcher[], how: 'initial' | 'new'): Generator<void, void> {
    const shadow = element.shadowRoot;
    if (shadow) {
      if (isOwnElement(element)) return;
      this.pendingHosts.delete(element);
      this.adoptRoot(shadow);
      yield* this.walk(shadow, watchers, how);
    }
  }

  /**
   * Matches one text node for `watchers`. `how` it was reached: the document's first walk ('initial'),
   * where a node can carry an annotation only if it matches (so only matches look one up);
   * `known`, already recorded there; or found added or changed ('new').
   */
  private visitText(node: Text, watchers: readonly Watcher[], how: 'initial' | 'known' | 'new' = 'new'): void {
    const text = node.data;
    const length = text.length;
    const tooShortOrLong = length < MIN_TEXT_LENGTH || length > MAX_TEXT_LENGTH;
    const initial = how === 'initial';
    // Nothing to match, and on a first visit nothing to undo: most of a grid's cells (counts, blanks).
    if (tooShortOrLong && how !== 'new') return;
    if (!tooShortOrLong && how !== 'known') this.known.push(node);
    // `watchers` is always a subset of this.watchers: the same size means every watcher.
    const everyone = !tooShortOrLong && this.unmemoized === 0 && watchers.length === this.watchers.size;
    const quiet = everyone && this.quiet.has(text);
    if (quiet && initial) return;
    let matchedAny = false;
    // Looked up on the node's first match only, once for every watcher (each DOM read costs):
    // its parent, whether it is in a skeleton row, whether it is the text of a script, style...
    let parent: Element | null | undefined;
    let inSkeleton: boolean | undefined;
    let inert: boolean | undefined;
    for (const watcher of watchers) {
      if (watcher.removed) continue;
      const previous = initial || watcher.annotations.size === 0 ? undefined : watcher.annotations.get(node);
      if (previous) {
        if (previous.text === text) {
          matchedAny = true; // annotated: this text matches for this watcher
          continue;
        }
        watcher.annotations.delete(node);
        watcher.touched = true;
        runCleanup(previous.cleanup);
      }
      if (tooShortOrLong || quiet) continue;
      const { memo } = watcher;
      let found = memo?.get(text);
      if (found === undefined) {
        const started = BENCH_BUILD && this.profile ? performance.now() : 0;
        try {
          found = watcher.match(text) ?? null;
        } catch (error) {
          // A bad matcher (a malformed imported rule) must not abort the pass for the other watchers
          // nor, by throwing out of every later pass, stall the scanner: this text matches nothing.
          report(watcher, 'match failed', error);
          found = null;
        }
        if (BENCH_BUILD && this.profile) this.profile.match += performance.now() - started;
        if (memo) {
          if (memo.size >= MEMO_LIMIT) memo.clear();
          memo.set(text, found);
        }
      }
      if (found === null || found === undefined) continue;
      matchedAny = true;
      if (!watcher.includeSkeletonRows) {
        if (inSkeleton === undefined) {
          if (parent === undefined) parent = node.parentElement;
          inSkeleton = this.skeletonRowOf(node, parent) !== null;
        }
        if (inSkeleton) continue;
      }
      if (initial) {
        // The first walk skipped the look-up, but an annotation made earlier in this walk may have
        // moved this node ahead of the walker (wrapped it): the same node again is not a new match.
        const again = watcher.annotations.get(node);
        if (again?.text === text) continue;
        if (again) {
          watcher.annotations.delete(node);
          runCleanup(again.cleanup);
        }
      }
      if (inert === undefined) {
        if (parent === undefined) parent = node.parentElement;
        inert = parent !== null && INERT_TAGS.has(parent.tagName);
      }
      if (inert) continue;
      watcher.touched = true;
      let cleanup: Cleanup | undefined;
      const started = BENCH_BUILD && this.profile ? performance.now() : 0;
      try {
        cleanup = watcher.onMatch(node, found) ?? undefined;
      } catch (error) {
        // One bad annotation must not stop the others.
        report(watcher, 'annotation failed', error);
      }
      if (BENCH_BUILD && this.profile) this.profile.annotate += performance.now() - started;
      watcher.annotations.set(node, { text, cleanup });
    }
    if (everyone && !quiet && !matchedAny) {
      if (this.quiet.size >= MEMO_LIMIT) this.quiet.clear();
      this.quiet.add(text);
    }
  }

  /** Undoes the annotations of text nodes that left the page, and forgets roots that left with them. */
  /** As steps: a grid re-rendered whole takes away thousands of annotations, each with its cleanup. */
  private *sweepRemoved(): Generator<void, void> {
    this.knownMayHoldGone = true;
    let checked = 0;
    for (const watcher of this.watchers) {
      for (const [node, annotation] of [...watcher.annotations]) {
        if (!node.isConnected && watcher.annotations.get(node) === annotation) {
          watcher.annotations.delete(node);
          watcher.touched = true;
          runCleanup(annotation.cleanup);
        }
        if ((++checked & STEP_MASK) === 0) yield;
      }
    }
    for (const root of this.roots) {
      if (root instanceof ShadowRoot && !root.host.isConnected) this.roots.delete(root);
    }
    for (const host of this.pendingHosts) {
      if (!host.isConnected) this.pendingHosts.delete(host);
    }
    for (const row of this.skeletons) {
      if (!row.isConnected) this.skeletons.delete(row);
    }
  }

  /**
   * Looks again, with a growing delay, at custom elements that had no shadow root yet. Cheap: a
   * property read per pending element; it stops once every one has a root or left the page.
   */
  private retryPendingHosts(): void {
    if (this.pendingHosts.size === 0 || this.hostRetry !== undefined) return;
    this.hostRetryDelay = Math.min(Math.max(this.hostRetryDelay * 2, 100), 5000);
    this.hostRetry = setTimeout(() => {
      this.hostRetry = undefined;
      const established = [...this.watchers].filter((w) => !this.newWatchers.has(w));
      let attached = false;
      for (const host of this.pendingHosts) {
        if (!host.isConnected) {
          this.pendingHosts.delete(host);
        } else if (host.shadowRoot) {
          attached = true;
          // A late component's content (a summary, a card): small, walked at once.
          timed(this.doc, () => runToEnd(this.enterShadow(host, established, 'new')), 'data-sku-shift-bench', 'retry');
        }
      }
      if (attached) {
        this.hostRetryDelay = 0;
        this.endPass();
      }
      if (this.hostRetryDelay < 5000) this.retryPendingHosts();
    }, this.hostRetryDelay);
  }
}

/** Steps between two yields of a pass: a power of two minus one (a cheap test per node). */
const STEP_MASK = 255;

function parentAcrossShadow(node: Node): Node | null {
  const parent = node.parentNode;
  if (parent instanceof ShadowRoot) return parent.host;
  return parent;
}

/** Once per watcher, at debug level: a watcher failing on every text must not flood the page's console. */
function report(watcher: Watcher, what: string, error: unknown): void {
  if (watcher.reported) return;
  watcher.reported = true;
  console.debug(`[SKU Shift] ${what}`, error);
}

function runCleanup(cleanup: Cleanup | undefined): void {
  if (!cleanup) return;
  try {
    cleanup();
  } catch (error) {
    console.debug('[SKU Shift] cleanup failed', error);
  }
}
