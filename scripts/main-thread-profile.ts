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
  id?: string;
  args?: {
    data?: {
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
export async function startProfileTrace(cdp: CDPSession): Promise<{ stop(markName: string): Promise<Sample[]> }> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (message) => {
    // CDP types trace events as string maps; they are Chrome's trace event format.
    events.push(...(message.value as unknown as TraceEvent[]));
  });
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['disabled-by-default-v8.cpu_profiler', 'blink.user_timing'], recordMode: 'recordAsMuchAsPossible' },
    transferMode: 'ReportEvents',
  });
  return {
    async stop(markName) {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      return samplesFromTrace(events, markName);
    },
  };
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
