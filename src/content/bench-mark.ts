/**
 * Benchmark hook: on a page whose <html> carries `data-sku-shift-bench` (the look-alike sets it for
 * `npm run bench`), the content script adds the time of each unit of work to that attribute as
 * "units,totalMs", readable from the page's world. Everywhere else it costs one attribute read.
 * One-time start-up work (compiling the catalog's matchers) goes to `data-sku-shift-bench-startup`,
 * the checklist's reads of the page (progress detection, after the page settles) to
 * `data-sku-shift-bench-read`, each slice of a sliced page read to `data-sku-shift-bench-snapshot`.
 */
export type BenchMark = 'data-sku-shift-bench' | 'data-sku-shift-bench-startup' | 'data-sku-shift-bench-read' | 'data-sku-shift-bench-snapshot';

export function timed<T>(doc: Document, work: () => T, mark: BenchMark = 'data-sku-shift-bench'): T {
  const root = doc.documentElement;
  if (!root.hasAttribute('data-sku-shift-bench')) return work();
  const started = performance.now();
  try {
    return work();
  } finally {
    const spent = performance.now() - started;
    const [units = 0, total = 0] = (root.getAttribute(mark) ?? '').split(',').map(Number);
    root.setAttribute(mark, `${(units || 0) + 1},${((total || 0) + spent).toFixed(3)}`);
  }
}
