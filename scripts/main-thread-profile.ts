/**
 * Who held the page's main thread during a long task: V8's sampling profiler, recorded through a
 * Chrome trace, tells the extension's code (frames from chrome-extension:// URLs) from the page's.
 *
 * Why a trace: Chromium's long-animation-frame entries list page scripts, but not a content script's
 * work (its isolated world is left out of `scripts[]`), and a MutationObserver callback of ours runs
 * inside the page's own task. Samples carry the whole stack, so both are attributed.
 *
 * Clock: a `performance.mark()` the page makes is in the trace with both its trace timestamp and its
 * `performance.now()` time, which maps every sample onto the page's clock (the longtask entries').
 */
import type { CDPSession } from 'playwright-core';

const EXTENSION_URL = 'chrome-extension://';
/** A gap between two samples longer than this is the thread idle or descheduled, not work. */
const MAX_SAMPLE_MS = 5;

/** The fields used of Chrome's trace event format. */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  /** Complete events ('X'): µs. */
  dur?: number;
  id?: string;
  args?: {
    /** v8.run: the script run. */
    fileName?: string;
    data?: {
      /** FunctionCall / EvaluateScript: the script the called function (or the evaluated script) is from. */
      url?: string;
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { url?: string; functionName?: string; lineNumber?: number; columnNumber?: number };
}

export type SampleOrigin = 'extension' | 'page' | 'other';

export interface Sample {
  /** performance.now() of the page. */
  at: number;
  ms: number;
  origin: SampleOrigin;
  /** For extension samples: the extension file of the innermost extension frame… */
  file: string | null;
  /** …and that frame: "name file:line:column" (names are the build's: minified unless built without). */
  frame: string | null;
}

/** Starts recording; `stop(markName)` ends it and returns the samples of the page that made the mark. */
export async function startProfileTrace(cdp: CDPSession): Promise<{ stop(markName: string): Promise<{ samples: Sample[]; tasks: TraceTask[] }> }> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (message) => {
    // CDP types trace events as string maps; they are Chrome's trace event format.
    events.push(...(message.value as unknown as TraceEvent[]));
  });
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['disabled-by-default-v8.cpu_profiler', 'blink.user_timing', 'devtools.timeline', 'toplevel'], recordMode: 'recordAsMuchAsPossible' },
    transferMode: 'ReportEvents',
  });
  return {
    async stop(markName) {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      const samples = samplesFromTrace(events, markName);
      return { samples, tasks: tasksFromTrace(events, markName, samples) };
    },
  };
}

/** One task of the page's main thread, from the trace's timeline events, on the page's clock. */
export interface TraceTask {
  startTime: number;
  duration: number;
  /** Script time in the task: the extension's (chrome-extension:// functions), the page's (any other script, and its HTML parsed). */
  extensionJsMs: number;
  pageJsMs: number;
  /** A rendering update (style, layout, paint, commit): what the page looks like after the last changes. */
  rendering: boolean;
  /**
   * The update was painted (a frame). A hit test or a script's read also updates style, layout and
   * pre-paint, without painting: what it laid out is drawn by the next frame.
   */
  painted: boolean;
  /** Style and layout in the task (a rendering update's, or forced by a script). */
  layoutMs: number;
  /** IntersectionObservers' computation (the page's own is ~0.4 ms in 8 s of the bare look-alike: ours). */
  intersectionMs: number;
}

/** Timeline events that run script; nested ones are not counted twice. */
const SCRIPT_EVENTS = new Set(['FunctionCall', 'EvaluateScript', 'v8.compile', 'V8.Execute', 'v8.run', 'ParseHTML']);
/**
 * Promise continuations (an `await` resumed, a `scheduler.yield()` slice) run here without a script
 * event of their own: whose they are is told by the CPU samples in it.
 */
const MICROTASKS = 'BlinkScheduler_PerformMicrotaskCheckpoint';
const RENDERING_EVENTS = new Set(['PrePaint', 'Paint', 'Commit', 'Layerize', 'UpdateLayer']);
const PAINT_EVENTS = new Set(['Paint', 'Commit']);
const LAYOUT_EVENTS = new Set(['Layout', 'UpdateLayoutTree']);
const INTERSECTIONS = 'IntersectionObserverController::computeIntersections';
/** A task of the scheduler's, or of its thread controller (both are outermost in some tasks). */
const TASK_EVENTS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/**
 * The page's main-thread tasks (outermost `RunTask`s of the thread that made `markName`), each with
 * whose script ran in it and whether it rendered a frame. Why: a rendering update runs our animation
 * frame or ResizeObserver callbacks too, so script samples alone would call a frame of the page's ours.
 * `samples` (samplesFromTrace) tell whose microtasks ran; without them microtasks count for no one.
 */
export function tasksFromTrace(events: readonly TraceEvent[], markName: string, samples: readonly Sample[] = []): TraceTask[] {
  const mark = events.find((e) => e.name === markName && e.args?.data?.startTime !== undefined);
  if (!mark) throw new Error(`trace: no "${markName}" mark (was blink.user_timing recorded?)`);
  const offsetUs = mark.ts - mark.args!.data!.startTime! * 1000;
  const thread = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks: TraceTask[] = [];
  let current: TraceTask | null = null;
  let taskEnd = -Infinity;
  let scriptEnd = -Infinity;
  for (const event of thread) {
    const end = event.ts + event.dur!;
    // A checkpoint outside any task event is a task of its own (RunTask, around it, is not recorded by default).
    if ((TASK_EVENTS.has(event.name) || event.name === MICROTASKS) && event.ts >= taskEnd) {
      current = { startTime: (event.ts - offsetUs) / 1000, duration: event.dur! / 1000, extensionJsMs: 0, pageJsMs: 0, rendering: false, painted: false, layoutMs: 0, intersectionMs: 0 };
      tasks.push(current);
      taskEnd = end;
      if (event.name !== MICROTASKS) continue;
    }
    if (!current || event.ts >= taskEnd) continue;
    if (RENDERING_EVENTS.has(event.name)) current.rendering = true;
    if (PAINT_EVENTS.has(event.name)) current.painted = true;
    if (LAYOUT_EVENTS.has(event.name)) current.layoutMs += event.dur! / 1000;
    if (event.name === INTERSECTIONS) current.intersectionMs += event.dur! / 1000;
    if (event.name === MICROTASKS && event.ts >= scriptEnd) {
      scriptEnd = end;
      const share = shareOf(samples, (event.ts - offsetUs) / 1000, event.dur! / 1000);
      current.extensionJsMs += share.extensionMs;
      current.pageJsMs += share.pageMs;
      continue;
    }
    if (SCRIPT_EVENTS.has(event.name) && event.ts >= scriptEnd) {
      scriptEnd = end;
      const ms = event.dur! / 1000;
      if ((event.args?.data?.url ?? event.args?.fileName ?? '').startsWith(EXTENSION_URL)) current.extensionJsMs += ms;
      else current.pageJsMs += ms;
    }
  }
  return tasks;
}

/** The CPU samples of the main thread of the page that made `markName`, on that page's clock. */
export function samplesFromTrace(events: readonly TraceEvent[], markName: string): Sample[] {
  const mark = events.find((e) => e.name === markName && e.args?.data?.startTime !== undefined);
  if (!mark) throw new Error(`trace: no "${markName}" mark (was blink.user_timing recorded?)`);
  // trace µs → page ms
  const offsetUs = mark.ts - mark.args!.data!.startTime! * 1000;
  const profile = events.find((e) => e.name === 'Profile' && e.pid === mark.pid && e.tid === mark.tid);
  if (!profile) throw new Error("trace: no CPU profile for the page's main thread");
  const nodes = new Map<number, ProfileNode>();
  type Origin = Pick<Sample, 'origin' | 'file' | 'frame'>;
  const origins = new Map<number, Origin>();
  const originOf = (id: number): Origin => {
    const known = origins.get(id);
    if (known) return known;
    let found: Origin = { origin: 'other', file: null, frame: null };
    for (let node = nodes.get(id); node; node = node.parent === undefined ? undefined : nodes.get(node.parent)) {
      const { url = '', functionName, lineNumber = 0, columnNumber = 0 } = node.callFrame;
      if (url.startsWith(EXTENSION_URL)) {
        const file = url.slice(url.indexOf('/', EXTENSION_URL.length) + 1);
        found = { origin: 'extension', file, frame: `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}:${columnNumber + 1}` };
        break;
      }
      if (url && found.origin === 'other') found = { origin: 'page', file: null, frame: null };
    }
    origins.set(id, found);
    return found;
  };
  const stamps: Array<{ ts: number; node: number }> = [];
  let ts = profile.args?.data?.startTime ?? profile.ts;
  for (const chunk of events) {
    if (chunk.name !== 'ProfileChunk' || chunk.pid !== profile.pid || chunk.id !== profile.id) continue;
    const data = chunk.args?.data;
    for (const node of data?.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    const ids = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    ids.forEach((node, i) => {
      ts += deltas[i] ?? 0;
      stamps.push({ ts, node });
    });
  }
  const samples: Sample[] = [];
  for (let i = 0; i < stamps.length - 1; i++) {
    const { ts: at, node } = stamps[i]!;
    const ms = Math.min((stamps[i + 1]!.ts - at) / 1000, MAX_SAMPLE_MS);
    samples.push({ at: (at - offsetUs) / 1000, ms, ...originOf(node) });
  }
  return samples;
}

export interface TaskShare {
  extensionMs: number;
  pageMs: number;
  /** Native work with no script on the stack (style, layout, paint, GC) and idle samples. */
  otherMs: number;
  /** Extension time by file, most first. */
  extensionFiles: Array<{ file: string; ms: number }>;
  /** Extension time by innermost extension frame, the five most. */
  extensionFrames: Array<{ frame: string; ms: number }>;
}

/** The samples of one task (startTime, duration on the page's clock), by origin. */
export function shareOf(samples: readonly Sample[], startTime: number, duration: number): TaskShare {
  const share = { extensionMs: 0, pageMs: 0, otherMs: 0 };
  const files = new Map<string, number>();
  const frames = new Map<string, number>();
  const add = (into: Map<string, number>, key: string | null, ms: number) => into.set(key ?? '?', (into.get(key ?? '?') ?? 0) + ms);
  for (const s of samples) {
    if (s.at < startTime || s.at >= startTime + duration) continue;
    if (s.origin === 'extension') {
      share.extensionMs += s.ms;
      add(files, s.file, s.ms);
      add(frames, s.frame, s.ms);
    } else if (s.origin === 'page') share.pageMs += s.ms;
    else share.otherMs += s.ms;
  }
  const most = (from: Map<string, number>) => [...from].sort((a, b) => b[1] - a[1]);
  return {
    ...share,
    extensionFiles: most(files).map(([file, ms]) => ({ file, ms })),
    extensionFrames: most(frames)
      .slice(0, 5)
      .map(([frame, ms]) => ({ frame, ms })),
  };
}

/** Who caused a task (the long-task bench's attribution, see scripts/bench-longtasks.ts). */
export type Cause = 'our task' | 'frame after our changes' | "page's task" | "page's frame";

/** A page whose own script ran less than this between two frames changed nothing the second one draws. */
const PAGE_IDLE_SCRIPT_MS = 2;
/** A rendering update with less style and layout than this drew no change (a frame with nothing new). */
const LAID_OUT_MS = 1;

/**
 * Who caused `tasks[index]`: a task whose script is mostly ours is ours; a rendering update draws the
 * changes made since the previous frame that drew a layout, so it is ours when only our script ran
 * in that span (the page's under PAGE_IDLE_SCRIPT_MS), else the page's (its frame after its own
 * re-render runs our animation-frame callback too). A layout no frame painted yet (forced by a hit
 * test or a script's read) does not end the span: the next frame draws it.
 */
export function causeOf(tasks: readonly TraceTask[], index: number): Cause {
  const task = tasks[index]!;
  if (!task.rendering) return task.extensionJsMs > task.pageJsMs ? 'our task' : "page's task";
  let ours = 0;
  let page = 0;
  for (let i = index; i >= 0 && (i === index || !drewLayout(tasks, i)); i--) {
    ours += tasks[i]!.extensionJsMs;
    page += tasks[i]!.pageJsMs;
  }
  return ours > 0 && page < PAGE_IDLE_SCRIPT_MS ? 'frame after our changes' : "page's frame";
}

/** `tasks[index]` is a frame that painted a layout: its own, or one forced since the frame before it. */
function drewLayout(tasks: readonly TraceTask[], index: number): boolean {
  if (!tasks[index]!.painted) return false;
  let layoutMs = tasks[index]!.layoutMs;
  for (let i = index - 1; i >= 0 && !tasks[i]!.painted; i--) layoutMs += tasks[i]!.layoutMs;
  return layoutMs > LAID_OUT_MS;
}
