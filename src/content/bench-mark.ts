/**
 * Benchmark hook: on a page whose <html> carries `data-sku-shift-bench` (the look-alike sets it for
 * `npm run bench`), the content script adds the time of each unit of work to that attribute as
 * "units,totalMs", readable from the page's world. Everywhere else it costs one attribute read.
 * One-time start-up work (compiling the catalog's matchers) goes to `data-sku-shift-bench-startup`,
 * the checklist's reads of the page (progress detection, after the page settles) to
 * `data-sku-shift-bench-read`, each slice of a sliced page read to `data-sku-shift-bench-snapshot`.
 *
 * With `data-sku-shift-profile` too, the time also goes to one `data-sku-shift-profile-<phase>`
 * attribute per phase (where it goes: walking the DOM, matching texts, annotating, mounting...), and
 * the longest unit to `data-sku-shift-profile-longest` (its phase to `...-longest-phase`).
 */
/**
 * True only in the benchmark build (`vite build --mode bench` → dist-bench/): in the extension
 * partners install, every hook below is compiled out and the page cannot switch it on.
 */
declare const __SKU_SHIFT_BENCH__: boolean | undefined;
export const BENCH_BUILD = typeof __SKU_SHIFT_BENCH__ === 'boolean' && __SKU_SHIFT_BENCH__;

export type BenchMark = 'data-sku-shift-bench' | 'data-sku-shift-bench-startup' | 'data-sku-shift-bench-read' | 'data-sku-shift-bench-snapshot';

/** The phases of the profile. A scanner pass is split into walk, match, annotate and pass-end. */
export type ProfilePhase = 'walk' | 'match' | 'annotate' | 'pass-end' | 'replay' | 'mount' | 'retry';

/** Time a scanner pass spends in its watchers' code, when the page is profiled. */
export interface PassProfile {
  match: number;
  annotate: number;
  passEnd: number;
}

export function timed<T>(doc: Document, work: () => T, mark: BenchMark = 'data-sku-shift-bench', phase?: ProfilePhase): T {
  if (!BENCH_BUILD) return work();
  const root = doc.documentElement;
  if (!root.hasAttribute('data-sku-shift-bench')) return work();
  const started = performance.now();
  try {
    return work();
  } finally {
    const spent = performance.now() - started;
    add(root, mark, spent);
    if (root.hasAttribute('data-sku-shift-profile') && mark !== 'data-sku-shift-bench') longest(root, spent, mark.replace('data-sku-shift-bench-', ''));
    if (phase && root.hasAttribute('data-sku-shift-profile')) {
      add(root, `data-sku-shift-profile-${phase}`, spent);
      longest(root, spent, phase);
    }
  }
}

/** A fresh accumulator for one scanner slice when the page is profiled, else null (the usual case). */
export function passProfile(doc: Document): PassProfile | null {
  return BENCH_BUILD && doc.documentElement.hasAttribute('data-sku-shift-profile') ? { match: 0, annotate: 0, passEnd: 0 } : null;
}

/** Records a profiled scanner slice of `total` ms: the walk is what its watchers' code did not take. */
export function recordPass(doc: Document, profile: PassProfile, total: number): void {
  // passProfile() gives null outside the bench build; this keeps the body out of that build too.
  if (!BENCH_BUILD) return;
  const root = doc.documentElement;
  add(root, 'data-sku-shift-profile-walk', total - profile.match - profile.annotate - profile.passEnd);
  add(root, 'data-sku-shift-profile-match', profile.match);
  add(root, 'data-sku-shift-profile-annotate', profile.annotate);
  add(root, 'data-sku-shift-profile-pass-end', profile.passEnd);
  longest(root, total, 'scanner slice');
}

function add(root: Element, attribute: string, ms: number): void {
  const [units = 0, total = 0] = (root.getAttribute(attribute) ?? '').split(',').map(Number);
  root.setAttribute(attribute, `${(units || 0) + 1},${((total || 0) + ms).toFixed(3)}`);
}

/** The longest unit overall (and its phase), and the longest of each phase (`...-longest-<phase>`). */
function longest(root: Element, ms: number, phase: string): void {
  const ofPhase = `data-sku-shift-profile-longest-${phase.replace(/\s+/g, '-')}`;
  if (ms > (Number(root.getAttribute(ofPhase)) || 0)) root.setAttribute(ofPhase, ms.toFixed(3));
  const previous = Number(root.getAttribute('data-sku-shift-profile-longest')) || 0;
  if (ms <= previous) return;
  root.setAttribute('data-sku-shift-profile-longest', ms.toFixed(3));
  root.setAttribute('data-sku-shift-profile-longest-phase', phase);
}
