/**
 * Loads the badges' display code (./badge-display.ts) once per page load, on the first match that
 * needs it, and hands it the matches that arrived meanwhile.
 *
 * Why: Preact, the components, their styles and the renewal parser were about half of what every
 * Partner Center page loaded, and most of those pages show no retired SKU. Detection stays eager and
 * cheap; what it finds goes through a `DeferredDisplay`, which keeps matches in arrival order until
 * the chunk is there and then replays them, so a match is neither lost nor handed over twice. Once
 * loaded, the display is reused synchronously by every later run (SPA pages, new partner rules).
 */
import type { Cleanup } from '../scanner.ts';
import { timed } from '../bench-mark.ts';
import { runSliced } from '../lib/yield-to-page.ts';
import { warmMessages } from '../lib/warm-messages.ts';

export type BadgeDisplay = typeof import('./badge-display.ts');

let loaded: BadgeDisplay | null = null;
let loading: Promise<BadgeDisplay> | null = null;

/** The display chunk, imported at most once (again only if an import failed). */
export function loadBadgeDisplay(): Promise<BadgeDisplay> {
  if (!loading) warmMessages();
  loading ??= import('./badge-display.ts').then(
    (display) => (loaded = display),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

interface Pending<S> {
  apply(sink: S): Cleanup | void;
  /** The cleanup `apply` returned, once replayed. */
  undo: Cleanup | void;
}

/**
 * What one run builds from the display (its rows, its chip placer: the sink), and the matches meant
 * for it. `add` applies a match at once when the sink exists; otherwise it is kept, and applied in
 * arrival order when the display has loaded. A match undone meanwhile is just dropped. When `signal`
 * aborts before the display is there, nothing is built and nothing is placed.
 */
export class DeferredDisplay<S> {
  private sink: S | null = null;
  private readonly pending = new Set<Pending<S>>();
  private requested = false;

  constructor(
    private readonly signal: AbortSignal,
    private readonly build: (display: BadgeDisplay) => S,
    /** Runs after the kept matches were applied (render what they changed). */
    private readonly afterReplay: (sink: S) => void = () => undefined,
  ) {
    if (loaded && !signal.aborted) this.sink = build(loaded);
    signal.addEventListener('abort', () => this.pending.clear(), { once: true });
  }

  /** The sink once the display is loaded; null before. */
  get ready(): S | null {
    return this.sink;
  }

  /**
   * Applies a match to the sink, now or once the display has loaded. `needsDisplay`: this match is
   * reason enough to load it (a retired SKU); otherwise it only waits for one (a renewal date, which
   * matters only in a retired SKU's row). Returns the match's cleanup, valid before and after.
   */
  add(apply: (sink: S) => Cleanup | void, needsDisplay: boolean): Cleanup | void {
    if (this.sink) return apply(this.sink);
    if (this.signal.aborted) return undefined;
    const entry: Pending<S> = { apply, undo: undefined };
    this.pending.add(entry);
    if (needsDisplay) this.request();
    return () => {
      // Still kept: dropped. Applied (during or after the replay): undone.
      if (!this.pending.delete(entry)) entry.undo?.();
    };
  }

  private request(): void {
    if (this.requested) return;
    this.requested = true;
    loadBadgeDisplay().then(
      (display) => {
        if (this.signal.aborted) return;
        const steps = this.replay(this.build(display));
        void runSliced(steps, this.signal, (slice) => timed(document, slice, 'data-sku-shift-bench', 'replay')).catch(() => undefined);
      },
      // The extension was reloaded or updated under the page: the context guard stops everything.
      (error: unknown) => console.debug('[SKU Shift] badge display not loaded', error),
    );
  }

  /**
   * Applies the kept matches in arrival order, in slices (a 5,000-row grid walked while the chunk
   * loaded leaves thousands): the sink takes new matches at once meanwhile, and renders after each slice.
   */
  private *replay(sink: S): Generator<void, void> {
    this.sink = sink;
    let applied = 0;
    for (const entry of this.pending) {
      if (this.signal.aborted) return;
      this.pending.delete(entry);
      try {
        entry.undo = entry.apply(sink);
      } catch (error) {
        // One bad annotation must not stop the others (the scanner does the same).
        console.debug('[SKU Shift] annotation failed', error);
      }
      if ((++applied & 127) === 0) {
        this.afterReplay(sink);
        yield;
      }
    }
    this.afterReplay(sink);
  }
}
