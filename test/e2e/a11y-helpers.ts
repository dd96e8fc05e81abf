/**
 * What the accessibility browser tests share: axe-core run in the page (extension pages and the
 * Partner Center look-alike alike: evaluated through the DevTools protocol, so an extension page's
 * CSP does not stop it), the element that really has focus (through open shadow roots), and a
 * compact summary of what axe found.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

export interface AxeFinding {
  rule: string;
  impact: Impact;
  help: string;
  /** One line per element: its selector path (through shadow roots) and what failed. */
  nodes: string[];
}

export interface AxeReport {
  where: string;
  violations: AxeFinding[];
  /** Rules that ran on at least one element and passed there. */
  passed: string[];
  /** Rules axe could not decide on some element (e.g. contrast over an image). */
  incomplete: string[];
  /** The elements whose text contrast axe could not decide (printed, for a person to look at). */
  undecidedContrast: string[];
  /** Which SKU Shift chips (their `data-sku-shift-chip`) hold text whose contrast axe measured and passed. */
  contrastPassedChips: string[];
}

interface RawNode {
  target: unknown[];
  failureSummary?: string;
}
interface RawResult {
  id: string;
  impact: Impact | null;
  help: string;
  nodes: RawNode[];
}

/**
 * Runs axe over the whole page (open shadow roots included). `ours`: keep only findings on
 * elements inside SKU Shift's own hosts (`sku-shift-*`), as on a Partner Center page whose own markup
 * is not ours to fix.
 */
export async function runAxe(page: Page, where: string, options: { ours?: boolean } = {}): Promise<AxeReport> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const raw = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: RawResult[]; passes: RawResult[]; incomplete: RawResult[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations', 'passes', 'incomplete'], elementRef: true });
    const slim = (r: RawResult): RawResult => ({ id: r.id, impact: r.impact, help: r.help, nodes: r.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) });
    const chips = result.passes
      .filter((r) => r.id === 'color-contrast')
      .flatMap((r) => r.nodes.map((n) => (n as RawNode & { element?: Element }).element?.closest<HTMLElement>('[data-sku-shift-chip]')?.dataset.skuShiftChip))
      .filter((chip): chip is string => chip !== undefined);
    return { violations: result.violations.map(slim), passes: result.passes.map(slim), incomplete: result.incomplete.map(slim), chips: [...new Set(chips)] };
  });
  const isOurs = (node: RawNode): boolean => !options.ours || /sku-shift-/i.test(JSON.stringify(node.target));
  const keep = (results: RawResult[]) => results.map((r) => ({ ...r, nodes: r.nodes.filter(isOurs) })).filter((r) => r.nodes.length > 0);
  return {
    where,
    violations: keep(raw.violations).map((r) => ({
      rule: r.id,
      impact: r.impact ?? 'minor',
      help: r.help,
      nodes: r.nodes.map((n) => `${JSON.stringify(n.target)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300)}`),
    })),
    passed: keep(raw.passes).map((r) => r.id),
    incomplete: keep(raw.incomplete).map((r) => r.id),
    undecidedContrast: keep(raw.incomplete)
      .filter((r) => r.id === 'color-contrast')
      .flatMap((r) => r.nodes.map((n) => `${JSON.stringify(n.target)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160)}`)),
    contrastPassedChips: raw.chips.sort(),
  };
}

/** The serious and critical findings, one line each: what the tests require to be empty. */
export function severe(reports: AxeReport[]): string[] {
  return reports.flatMap((r) =>
    r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${r.where} · ${v.impact} ${v.rule} (${v.help}) · ${n}`)),
  );
}

/** Prints the moderate and minor counts (reported, not required to be zero) for the test output. */
export function logCounts(reports: AxeReport[]): void {
  for (const r of reports) {
    const count = (impact: Impact) => r.violations.filter((v) => v.impact === impact).reduce((n, v) => n + v.nodes.length, 0);
    const rules = (impact: Impact) => r.violations.filter((v) => v.impact === impact).map((v) => v.rule);
    console.log(
      `axe ${r.where}: critical ${count('critical')}, serious ${count('serious')}, moderate ${count('moderate')}${count('moderate') ? ` [${rules('moderate').join(', ')}]` : ''}, minor ${count('minor')}${count('minor') ? ` [${rules('minor').join(', ')}]` : ''}; color-contrast ${r.passed.includes('color-contrast') ? 'ran' : 'did not run'}${r.undecidedContrast.length ? ` (${r.undecidedContrast.length} undecided)` : ''}`,
    );
    if (process.env.SKU_SHIFT_A11Y_VERBOSE) for (const n of r.undecidedContrast) console.log(`  contrast undecided: ${n}`);
  }
}

/** The element that has focus, through open shadow roots, described for assertions. */
export async function focused(page: Page): Promise<{ tag: string; text: string; label: string | null; classes: string; host: string | null } | null> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    let host: Element | null = null;
    while (active?.shadowRoot?.activeElement) {
      host = active;
      active = active.shadowRoot.activeElement;
    }
    if (!active || active === document.body) return null;
    return {
      tag: active.tagName.toLowerCase(),
      text: (active.textContent ?? '').trim(),
      label: active.getAttribute('aria-label'),
      classes: active.getAttribute('class') ?? '',
      host: host ? host.tagName.toLowerCase() : null,
    };
  });
}
