/**
 * `npm run bench` (long tasks): does SKU Shift ever hold Partner Center's main thread over 50 ms?
 *
 * The page: the look-alike's 5,000-row subscriptions grid (nested open shadow roots, one row in ten a
 * retired SKU) of a customer the tracker follows (its retired subscription recorded through the
 * worker, as a scan or an earlier visit does), so the checklist loads and reads the page. Three phases,
 * each until the page is idle (no long task for BENCH_LONGTASKS_QUIET_MS): the page load, 10 rows
 * appended, the grid re-rendered (every row element replaced). The same page is loaded in the same
 * Chromium build without the extension, runs alternating, BENCH_LONGTASKS_RUNS of each.
 *
 * Measured in the page (main world, installed before any page script): a `longtask` and a
 * `long-animation-frame` PerformanceObserver. Per phase: the worst task and the total blocking time
 * (Σ of each task's time over 50 ms) with and without the extension. Which task SKU Shift caused comes
 * from a Chrome trace of the page's main thread (./main-thread-profile.ts), because long-animation-frame
 * does not list a content script's work:
 * - a task whose script is mostly ours (a timer, message or observer callback of ours) is ours whole,
 *   its GC and forced layout included;
 * - a rendering update (style, layout, paint, commit) draws the changes made since the previous frame
 *   that drew a layout (a layout forced by a hit test or a script's read is drawn by the next frame):
 *   ours whole when only our script ran in that span (the page's own under PAGE_IDLE_SCRIPT_MS: a frame
 *   our badges or checklist triggered), else the page's — its frame after its own re-render runs our
 *   animation-frame callback and our IntersectionObserver's computation too, and only those count as ours;
 * - in a page's task, our share is our script in it (e.g. our MutationObserver callback);
 * - a promise continuation (the page's `await fetch()` building its grid, a `scheduler.yield()` slice
 *   of ours) has no script event of its own: the CPU samples in it tell whose it is.
 * Both browsers are traced alike.
 *
 * The CPU profile also names the hottest frames of ours in the worst task: the build's names, so
 * minified; for readable ones, measure a build made with
 * `npx vite build --minify false --outDir .tmp/dist-named` (SKU_SHIFT_DIST=.tmp/dist-named).
 *
 * The floor of a frame: in the runs without the extension, once the page is idle, the smallest
 * changes it can get are made by hand (one empty contained box in a visible cell, one small box fixed
 * to the body) and the page's next rendering update is timed: what any visible change costs there.
 *
 * Target (issue 11): no task of ours > 50 ms in any phase. A benchmark, not a test: it never fails on
 * time; it prints and writes bench-results/longtasks.json.
 */
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchExtension } from '../test/e2e/launch-extension.ts';
import { startFixtureServer } from '../test/e2e/fixture-server.ts';
import { commandPage, launchWithoutExtension, sendCommands } from './bench-browser.ts';
import { causeOf, shareOf, startProfileTrace, type Cause, type Sample, type TaskShare, type TraceTask } from './main-thread-profile.ts';
import { describeTarget, median, target, tick, writeResult } from './bench-report.ts';

const dist = resolve(process.env.SKU_SHIFT_DIST ?? 'dist');
const ROWS = Number(process.env.BENCH_LONGTASKS_ROWS ?? 5000);
/**
 * BENCH_LONGTASKS_GRID=today: today's Partner Center look-alike (/dashboard/v2/, scoped components,
 * skeleton rows filled in place, the product link slotted into its cell), page load only (its toolbar
 * has no "Append" or "Re-render"; a refill in place is a page load's fill). Writes longtasks-today.json.
 */
const TODAY = process.env.BENCH_LONGTASKS_GRID === 'today';
const RUNS = Number(process.env.BENCH_LONGTASKS_RUNS ?? 2);
/** Idle: no long task for this long (the checklist re-reads a changed page up to 5 s after the change). */
const QUIET_MS = Number(process.env.BENCH_LONGTASKS_QUIET_MS ?? 6000);
/** A phase that never goes quiet is cut here (and said so). */
const MAX_PHASE_MS = 60_000;
const LONG_TASK_MS = 50;
const CUSTOMER = '0c3f7a1e-5b2d-4e8f-9a61-2d7c4b9e8f10';
const SYNC_MARK = 'sku-shift-bench-sync';
const OWN_TAG_PREFIX = 'SKU-SHIFT-';

const PHASES = ['load', 'append', 'rerender'] as const;
type Phase = (typeof PHASES)[number];
/** The phases measured (and reported) on this grid. */
const MEASURED: readonly Phase[] = TODAY ? ['load'] : PHASES;
const PHASE_LABELS: Record<Phase, string> = {
  load: 'page load until idle',
  append: '10 rows added',
  rerender: 'grid re-rendered (all rows replaced)',
};

/** Installed in the page's main world before its scripts (a string: tsx would wrap a function). */
const OBSERVERS = `(() => {
  const store = { longtasks: [], frames: [], loafSupported: false };
  Object.defineProperty(window, '__skuShiftBench', { value: store });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) store.longtasks.push({ startTime: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
    store.loafSupported = true;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) store.frames.push({
        startTime: e.startTime, duration: e.duration, blockingDuration: e.blockingDuration,
        scripts: e.scripts.map((s) => ({ sourceURL: s.sourceURL, invoker: s.invoker, duration: s.duration })),
      });
    }).observe({ type: 'long-animation-frame', buffered: true });
  }
})();`;

interface TaskEntry {
  startTime: number;
  duration: number;
}
interface FrameEntry extends TaskEntry {
  blockingDuration: number;
  scripts: Array<{ sourceURL: string; invoker: string; duration: number }>;
}
interface PageStore {
  longtasks: TaskEntry[];
  frames: FrameEntry[];
  loafSupported: boolean;
}
type BenchWindow = Window & { __skuShiftBench: PageStore };

interface AttributedTask extends TaskEntry, TaskShare {
  phase: Phase;
  cause: Cause;
  /** The time this task counts as SKU Shift's (see the header). */
  oursMs: number;
}

interface PhaseFigures {
  worstMs: number;
  totalBlockingMs: number;
  longTasks: number;
  worstOursMs: number;
  /** The worst long task that was a rendering update (whoever caused it). */
  worstFrameMs: number;
  /** Long animation frames ≥ 50 ms, and how many of their scripts came from chrome-extension://. */
  longFrames: number;
  extensionScriptsInFrames: number;
  /** The phase never went quiet within MAX_PHASE_MS. */
  cutShort: boolean;
}

interface RunResult {
  withExtension: boolean;
  phases: Record<Phase, PhaseFigures>;
  tasks: AttributedTask[];
  rows: Record<Phase, number>;
  /** SKU Shift hosts in the page at the end (badges, chips, the checklist): proves it ran. */
  ownHosts: number;
  checklistShown: boolean;
  /** Without the extension only: the page's frame after the smallest changes (SMALLEST_CHANGES). */
  smallestChange: Record<SmallestChange, number> | null;
}

/** Data rows of the look-alike's grid, through every open shadow root (the older grid's keyed rows, today's filled rows). */
function gridRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    let count = 0;
    const roots: Array<Document | ShadowRoot> = [document];
    for (let root = roots.pop(); root; root = roots.pop()) {
      count += root.querySelectorAll('[role="row"][data-key], tbody tr[id^="row-"]:not(.data-grid__row--skeleton)').length;
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot && !el.tagName.startsWith('SKU-SHIFT-')) roots.push(el.shadowRoot);
    }
    return count;
  });
}

/** SKU Shift's hosts anywhere in the page, through every open shadow root. */
function ownHosts(page: Page): Promise<number> {
  return page.evaluate((prefix) => {
    let count = 0;
    const roots: Array<Document | ShadowRoot> = [document];
    for (let root = roots.pop(); root; root = roots.pop()) {
      for (const el of root.querySelectorAll('*')) {
        if (el.tagName.startsWith(prefix)) count++;
        else if (el.shadowRoot) roots.push(el.shadowRoot);
      }
    }
    return count;
  }, OWN_TAG_PREFIX);
}

/** The checklist (launcher or panel) is a host appended to the page's body: a cheap check. */
function overlayShown(page: Page): Promise<boolean> {
  return page.evaluate((prefix) => [...(document.body?.children ?? [])].some((el) => el.tagName.startsWith(prefix)), OWN_TAG_PREFIX);
}

/**
 * The floor under any frame of this page: the smallest changes it can get, made by hand in the page
 * without the extension, once it is idle — one empty box in one visible cell, contained as our badges
 * are (../src/content/lib/inline-room.ts), and one small box fixed to the body, as our checklist is.
 * What the page's next rendering update then costs is what any visible change costs here, ours or not.
 */
const SMALLEST_CHANGES = {
  cell: `(() => {
    let cell = null;
    const roots = [document];
    for (let root = roots.pop(); root && !cell; root = roots.pop()) {
      cell = root.querySelector('[role="row"][data-key] [role="gridcell"], tbody tr[id^="row-"] td');
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    }
    const box = document.createElement('span');
    box.setAttribute('style', 'display: inline-block; contain: inline-size; width: 100%; max-width: 0; margin-block: -6px;');
    cell.append(box);
  })()`,
  body: `(() => {
    const box = document.createElement('div');
    box.setAttribute('style', 'position: fixed; right: 16px; bottom: 16px; width: 120px; height: 40px; background: #0078d4;');
    document.body.append(box);
  })()`,
} as const;
type SmallestChange = keyof typeof SMALLEST_CHANGES;
const SMALLEST_TRIALS = 3;

/** The longest task after each smallest change (0: none over 50 ms, the long-task observer's floor), median of the trials. */
async function smallestChangeFrames(page: Page): Promise<Record<SmallestChange, number>> {
  const out = { cell: 0, body: 0 };
  for (const change of Object.keys(SMALLEST_CHANGES) as SmallestChange[]) {
    const worst: number[] = [];
    for (let trial = 0; trial < SMALLEST_TRIALS; trial++) {
      const since = await page.evaluate(() => performance.now());
      await page.evaluate(SMALLEST_CHANGES[change]);
      await page.waitForTimeout(1500);
      worst.push(
        await page.evaluate((from) => {
          const store = (window as unknown as BenchWindow).__skuShiftBench;
          return Math.max(0, ...store.longtasks.filter((t) => t.startTime >= from).map((t) => t.duration));
        }, since),
      );
    }
    out[change] = median(worst);
  }
  return out;
}

/**
 * Clicks one of the look-alike's toolbar buttons, as a partner would, and returns the page's clock
 * just before. A click, not page.evaluate(): work run by DevTools' Runtime.evaluate is not reported
 * as a long task, a click's task is.
 */
async function clickToolbarButton(page: Page, label: string): Promise<number> {
  const button = await page.evaluateHandle((text) => {
    const toolbar = document.querySelector('he-shell')?.shadowRoot?.getElementById('toolbar');
    const found = [...(toolbar?.querySelectorAll('button') ?? [])].find((b) => b.textContent === text);
    if (!found) throw new Error(`no "${text}" button in the look-alike's toolbar`);
    return found;
  }, label);
  const at = await page.evaluate(() => performance.now());
  await button.click();
  await button.dispose();
  return at;
}

/** Waits until no long task has ended for QUIET_MS since `since` (and `ready()` holds). False if cut short. */
async function waitUntilIdle(page: Page, since: number, ready: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + MAX_PHASE_MS;
  for (;;) {
    const { now, lastEnd } = await page.evaluate(() => {
      const store = (window as unknown as BenchWindow).__skuShiftBench;
      return { now: performance.now(), lastEnd: store.longtasks.reduce((end, t) => Math.max(end, t.startTime + t.duration), 0) };
    });
    if (now - Math.max(lastEnd, since) >= QUIET_MS && (await ready())) return true;
    if (Date.now() > deadline) return false;
    await page.waitForTimeout(250);
  }
}

/** The trace's task that overlaps the long task the most (the observer and the trace see the same tasks). */
function traceTaskOf(task: TaskEntry, tasks: readonly TraceTask[]): number {
  let best = -1;
  let bestOverlap = 0;
  tasks.forEach((t, i) => {
    const overlap = Math.min(t.startTime + t.duration, task.startTime + task.duration) - Math.max(t.startTime, task.startTime);
    if (overlap > bestOverlap) [best, bestOverlap] = [i, overlap];
  });
  return best;
}

function attribute(task: TaskEntry, phase: Phase, samples: readonly Sample[], tasks: readonly TraceTask[]): AttributedTask {
  const share = shareOf(samples, task.startTime, task.duration);
  const index = traceTaskOf(task, tasks);
  const traced = tasks[index];
  const counted = (cause: Cause, oursMs: number): AttributedTask => ({ ...task, phase, ...share, cause, oursMs });
  // Not in the trace (it started before the trace did): the samples alone tell.
  if (!traced) return share.extensionMs > share.pageMs ? counted('our task', task.duration) : counted("page's task", share.extensionMs);
  const cause = causeOf(tasks, index);
  return counted(cause, cause === 'our task' || cause === 'frame after our changes' ? task.duration : traced.extensionJsMs + traced.intersectionMs);
}

async function measure(context: BrowserContext, withExtension: boolean, url: string): Promise<RunResult> {
  const page = await context.newPage();
  await page.addInitScript({ content: OBSERVERS });
  const cdp = await context.newCDPSession(page);
  const trace = await startProfileTrace(cdp);
  const starts: Record<Phase, number> = { load: 0, append: 0, rerender: 0 };
  const cut: Record<Phase, boolean> = { load: false, append: false, rerender: false };
  const rows: Record<Phase, number> = { load: 0, append: 0, rerender: 0 };
  let checklistShown = false;
  try {
    await page.goto(url);
    const deadline = Date.now() + MAX_PHASE_MS;
    while ((await gridRows(page)) < ROWS) {
      if (Date.now() > deadline) throw new Error(`the grid never had its ${ROWS} rows`);
      await page.waitForTimeout(500);
    }
    const ready = async () => !withExtension || (checklistShown ||= await overlayShown(page));
    cut.load = !(await waitUntilIdle(page, 0, ready));
    rows.load = await gridRows(page);

    if (TODAY) {
      // Not measured on this grid: no task is any of theirs.
      starts.append = starts.rerender = Number.POSITIVE_INFINITY;
    } else {
      starts.append = await clickToolbarButton(page, 'Append 10 rows');
      cut.append = !(await waitUntilIdle(page, starts.append, async () => true));
      rows.append = await gridRows(page);

      starts.rerender = await clickToolbarButton(page, 'Re-render grid');
      cut.rerender = !(await waitUntilIdle(page, starts.rerender, async () => true));
      rows.rerender = await gridRows(page);
    }

    const hosts = await ownHosts(page);
    const store = await page.evaluate((mark) => {
      performance.mark(mark);
      return (window as unknown as BenchWindow).__skuShiftBench;
    }, SYNC_MARK);
    const { samples, tasks: traced } = await trace.stop(SYNC_MARK);
    // After the phases' entries are read: its own tasks are no phase's.
    const smallestChange = withExtension ? null : await smallestChangeFrames(page);
    const phaseOf = (at: number): Phase => (at >= starts.rerender ? 'rerender' : at >= starts.append ? 'append' : 'load');
    const tasks = store.longtasks.map((t) => attribute(t, phaseOf(t.startTime), samples, traced));
    const phases = Object.fromEntries(
      PHASES.map((phase) => {
        const mine = tasks.filter((t) => t.phase === phase);
        const frames = store.frames.filter((f) => f.duration >= LONG_TASK_MS && phaseOf(f.startTime) === phase);
        const figures: PhaseFigures = {
          worstMs: Math.max(0, ...mine.map((t) => t.duration)),
          totalBlockingMs: mine.reduce((sum, t) => sum + Math.max(0, t.duration - LONG_TASK_MS), 0),
          longTasks: mine.length,
          worstOursMs: Math.max(0, ...mine.map((t) => t.oursMs)),
          worstFrameMs: Math.max(0, ...mine.filter((t) => t.cause.includes('frame')).map((t) => t.duration)),
          longFrames: frames.length,
          extensionScriptsInFrames: frames.flatMap((f) => f.scripts).filter((s) => s.sourceURL.startsWith('chrome-extension://')).length,
          cutShort: cut[phase],
        };
        return [phase, figures];
      }),
    ) as Record<Phase, PhaseFigures>;
    return { withExtension, phases, tasks, rows, ownHosts: hosts, checklistShown, smallestChange };
  } finally {
    await page.close();
  }
}

/** The customer as the tracker knows it after a visit: its retired subscription recorded. */
const followCustomer = {
  kind: 'observations/record',
  observations: [
    {
      customerId: CUSTOMER,
      customerName: 'Contoso Ltd',
      source: 'page',
      evidence: `https://partner.microsoft.com/en-us/commerce/customers/${CUSTOMER}/subscriptions`,
      seenAt: new Date().toISOString(),
      subscriptions: [
        {
          subscriptionId: 'bench-ax-enterprise',
          name: 'Dynamics AX Enterprise',
          quantity: 5,
          status: 'active',
          renewal: { kind: 'expires', date: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10) },
        },
      ],
    },
  ],
};

const server = await startFixtureServer();
const hosts = { 'partner.microsoft.com': server.port };
const session = await launchExtension({ hosts, dist });
const bare = await launchWithoutExtension(hosts);
const runs: RunResult[] = [];
try {
  const sender = await commandPage(session);
  await sendCommands(sender, [followCustomer]);
  await sender.close();
  const url = server.url(TODAY ? `/en-us/dashboard/v2/customers/${CUSTOMER}/subscriptions?rows=${ROWS}&pageSize=${ROWS}` : `/en-us/commerce/customers/${CUSTOMER}/subscriptions?rows=${ROWS}`);
  for (let run = 0; run < RUNS; run++) {
    // Alternate which goes first: the machine's load drifts.
    for (const withExtension of run % 2 ? [false, true] : [true, false]) {
      process.stdout.write(`long tasks: run ${run + 1}/${RUNS}, ${withExtension ? 'with' : 'without'} SKU Shift…\n`);
      const result = await measure(withExtension ? session.context : bare.context, withExtension, url);
      if (result.rows.load !== ROWS || (!TODAY && (result.rows.append !== ROWS + 10 || result.rows.rerender !== ROWS + 10))) {
        throw new Error(`the grid did not have the expected rows: ${JSON.stringify(result.rows)}`);
      }
      if (withExtension && result.ownHosts === 0) throw new Error('SKU Shift added nothing to the page: is the extension built and running?');
      runs.push(result);
    }
  }
} finally {
  await bare.close();
  await session.close();
  await server.close();
}

interface PhaseSummary {
  worstMs: number;
  medianTotalBlockingMs: number;
  worstOursMs: number;
  worstFrameMs: number;
  /** Tasks of ours over 50 ms in the worst run. */
  oursOverLimit: number;
  longFrames: number;
  extensionScriptsInFrames: number;
  cutShort: boolean;
}
const runsOf = (withExtension: boolean) => runs.filter((r) => r.withExtension === withExtension);
const summaryOf = (withExtension: boolean) =>
  Object.fromEntries(
    PHASES.map((phase) => {
      const mine = runsOf(withExtension);
      const figures = mine.map((r) => r.phases[phase]);
      const summary: PhaseSummary = {
        worstMs: Math.max(...figures.map((f) => f.worstMs)),
        medianTotalBlockingMs: median(figures.map((f) => f.totalBlockingMs)),
        worstOursMs: Math.max(...figures.map((f) => f.worstOursMs)),
        worstFrameMs: Math.max(...figures.map((f) => f.worstFrameMs)),
        oursOverLimit: Math.max(...mine.map((r) => r.tasks.filter((t) => t.phase === phase && t.oursMs > LONG_TASK_MS).length)),
        longFrames: median(figures.map((f) => f.longFrames)),
        extensionScriptsInFrames: figures.reduce((sum, f) => sum + f.extensionScriptsInFrames, 0),
        cutShort: figures.some((f) => f.cutShort),
      };
      return [phase, summary];
    }),
  ) as Record<Phase, PhaseSummary>;
const withExt = summaryOf(true);
const without = summaryOf(false);
const ours = runsOf(true).flatMap((r) => r.tasks);
const worstOfOurs = (phase: Phase) => ours.filter((t) => t.phase === phase).sort((a, b) => b.oursMs - a.oursMs)[0];
const rowsLabel = ROWS.toLocaleString('en-US');
const grid = TODAY ? "today's " : '';
const targets = MEASURED.map((phase) => target(`longest SKU Shift task, ${grid}${rowsLabel} rows, ${PHASE_LABELS[phase]}`, withExt[phase].worstOursMs, 'ms', '≤', LONG_TASK_MS));

const ms = (n: number) => `${n.toFixed(0)} ms`;
/** assets/read-page-snapshot-4KdoJX0t.js → read-page-snapshot.js (the chunk, without its build hash). */
const chunk = (file: string) => file.replace(/^.*\//, '').replace(/-[\w-]{8}\.js$/, '.js');
console.log(`\nLong tasks on ${TODAY ? "today's (/dashboard/v2/) " : 'a '}${rowsLabel}-row subscriptions grid, checklist loaded (headless Chromium; worst task: worst of ${RUNS} run(s); TBT: median)`);
const table = MEASURED.map((phase, i) => {
  const worst = worstOfOurs(phase);
  const where =
    worst && worst.oursMs > 0
      ? `${worst.oursMs === worst.duration ? worst.cause : `our share of a ${ms(worst.duration)} ${worst.cause}`}; sampled: ${worst.extensionFiles
          .slice(0, 3)
          .map((f) => `${chunk(f.file)} ${ms(f.ms)}`)
          .join(', ')}`
      : '—';
  return [
    PHASE_LABELS[phase] + (withExt[phase].cutShort || without[phase].cutShort ? ' (never idle: cut at 60 s)' : ''),
    `${ms(without[phase].worstMs)} / ${ms(without[phase].medianTotalBlockingMs)}`,
    `${ms(withExt[phase].worstMs)} / ${ms(withExt[phase].medianTotalBlockingMs)}`,
    `${ms(withExt[phase].worstOursMs)} ${tick(targets[i]!.met)} (${withExt[phase].oursOverLimit} over 50 ms)`,
    where,
  ];
});
const header = ['phase', 'without SKU Shift: worst / TBT', 'with: worst / TBT', 'worst task of ours (target ≤ 50 ms)', 'where'];
const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c]!.length)));
for (const row of [header, ...table])
  console.log(
    row
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join(' │ ')
      .trimEnd(),
  );
for (const phase of MEASURED) {
  const worst = worstOfOurs(phase);
  if (worst && worst.extensionFrames.length) {
    console.log(
      `hottest of ours in that task (${phase}): ${worst.extensionFrames
        .slice(0, 3)
        .map((f) => `${f.frame.replace(/assets\/([\w.-]+?)-[\w-]{8}\.js/, '$1.js')} ${ms(f.ms)}`)
        .join(' · ')}`,
    );
  }
}
const floors = runsOf(false).flatMap((r) => (r.smallestChange ? [r.smallestChange] : []));
const smallestChange = { cell: median(floors.map((f) => f.cell)), body: median(floors.map((f) => f.body)) };
const floorText = (v: number) => (v > 0 ? ms(v) : 'no task over 50 ms');
console.log(
  `the page's frame after the smallest change, without SKU Shift (median of ${floors.length} × ${SMALLEST_TRIALS}): one empty contained box in a visible cell ${floorText(smallestChange.cell)}, ` +
    `a small box fixed to the body ${floorText(smallestChange.body)} — what any visible change costs on this page`,
);
console.log(
  `rendering updates (style, layout, paint, commit) over 50 ms, worst: ${MEASURED.map((p) => `${p} ${ms(without[p].worstFrameMs)} without / ${ms(withExt[p].worstFrameMs)} with`).join(', ')}`,
);
const loafScripts = MEASURED.reduce((sum, p) => sum + withExt[p].extensionScriptsInFrames, 0);
console.log(
  `long-animation-frame: ${MEASURED.map((p) => `${withExt[p].longFrames} frames ≥ 50 ms (${p})`).join(', ')} with SKU Shift; ` +
    `scripts[] entries from chrome-extension://: ${loafScripts}` +
    (loafScripts === 0 ? ' (Chromium lists no content-script work there: tasks are attributed from the CPU profile)' : ''),
);
if (runsOf(true).some((r) => !r.checklistShown)) console.log('warning: the checklist did not show on every page load (is the customer followed?)');
for (const t of targets) console.log(`${t.name}: ${describeTarget(t)}`);
const file = writeResult(
  TODAY ? 'longtasks-today' : 'longtasks',
  {
    rows: ROWS,
    runs: RUNS,
    quietMs: QUIET_MS,
    browser: 'headless Chromium (playwright-core); with: built extension from ' + dist + '; without: the same Chromium, no extension',
    withExtension: withExt,
    withoutExtension: without,
    checklistShown: runsOf(true).every((r) => r.checklistShown),
    /** The page's longest task after the smallest changes it can get, without the extension (0: none over 50 ms). */
    smallestChangeFrameMs: smallestChange,
    /** Every long task with SKU Shift, with its attribution (ms sampled in our code, the page's, neither). */
    tasksWithExtension: ours,
    tasksWithoutExtension: runsOf(false).flatMap((r) => r.tasks.map(({ startTime, duration, phase }) => ({ startTime, duration, phase }))),
  },
  targets,
);
console.log(`written: ${file}`);
