/**
 * The long-task bench's attribution: which part of a task V8's samples put in SKU Shift's code.
 */
import { describe, expect, test } from 'vitest';
import { causeOf, samplesFromTrace, shareOf, tasksFromTrace, type TraceEvent, type TraceTask } from '../../scripts/main-thread-profile.ts';

const PAGE = 'https://partner.microsoft.com/__fixture/app.js';
const OURS = 'chrome-extension://abcdefghijklmnop/assets/read-page-snapshot-4KdoJX0t.js';

/** The page's mark at trace time 10 s is performance.now() 2,000 ms: trace µs − 8,000,000 = page µs. */
function trace(extra: TraceEvent[] = []): TraceEvent[] {
  return [
    { name: 'sku-shift-bench-sync', ph: 'I', pid: 7, tid: 7, ts: 10_000_000, args: { data: { startTime: 2000 } } },
    { name: 'Profile', ph: 'P', pid: 7, tid: 7, ts: 9_000_000, id: '0x1', args: { data: { startTime: 9_000_000 } } },
    {
      name: 'ProfileChunk',
      ph: 'P',
      pid: 7,
      tid: 9,
      ts: 9_000_100,
      id: '0x1',
      args: {
        data: {
          cpuProfile: {
            nodes: [
              { id: 1, callFrame: { functionName: '(root)' } },
              { id: 2, parent: 1, callFrame: { functionName: '(program)' } },
              { id: 3, parent: 1, callFrame: { functionName: 'render', url: PAGE } },
              { id: 4, parent: 1, callFrame: { functionName: 'readPage', url: OURS, lineNumber: 58, columnNumber: 15 } },
              // The page's code called from ours (a custom element's getter, say) is still our task's work.
              { id: 5, parent: 4, callFrame: { functionName: 'get rows', url: PAGE } },
            ],
            // At page times 1,000, 1,001, … 1,005 ms.
            samples: [3, 3, 4, 5, 2, 3],
          },
          timeDeltas: [0, 1000, 1000, 1000, 1000, 1000],
        },
      },
    },
    ...extra,
  ];
}

describe('attributing a long task', () => {
  test('time in our frames, or under them, is ours; the page’s and native time are not', () => {
    const share = shareOf(samplesFromTrace(trace(), 'sku-shift-bench-sync'), 1000, 10);
    expect(share.extensionMs).toBeCloseTo(2);
    expect(share.pageMs).toBeCloseTo(2);
    expect(share.otherMs).toBeCloseTo(1);
    expect(share.extensionFiles).toEqual([{ file: 'assets/read-page-snapshot-4KdoJX0t.js', ms: expect.closeTo(2) }]);
    expect(share.extensionFrames[0]!.frame).toBe('readPage assets/read-page-snapshot-4KdoJX0t.js:59:16');
  });

  test('only the samples inside the task count, on the page’s clock', () => {
    const samples = samplesFromTrace(trace(), 'sku-shift-bench-sync');
    expect(shareOf(samples, 1002, 1).extensionMs).toBeCloseTo(1);
    expect(shareOf(samples, 1006, 50).extensionMs).toBe(0);
  });

  test('another process’s profile (the worker, another tab) is left out', () => {
    const other = trace()
      .filter((e) => e.name !== 'sku-shift-bench-sync')
      .map((e) => ({ ...e, pid: 8, tid: e.tid === 7 ? 8 : e.tid }));
    const samples = samplesFromTrace(trace(other), 'sku-shift-bench-sync');
    expect(shareOf(samples, 1000, 10).extensionMs).toBeCloseTo(2);
  });

  test('a trace without the page’s mark is refused rather than misread', () => {
    expect(() => samplesFromTrace(trace().slice(1), 'sku-shift-bench-sync')).toThrow(/mark/);
  });
});

describe('the main thread’s tasks, from the timeline', () => {
  /** A complete event on the page's main thread, at page time `at` ms for `ms` ms. */
  const x = (name: string, at: number, ms: number, url?: string): TraceEvent => ({
    name,
    ph: 'X',
    pid: 7,
    tid: 7,
    ts: 8_000_000 + at * 1000,
    dur: ms * 1000,
    ...(url ? { args: { data: { url } } } : {}),
  });

  test('outermost tasks only, each with whose script ran in it, its layout, and whether it rendered a frame', () => {
    const tasks = tasksFromTrace(
      trace([
        x('ThreadControllerImpl::RunTask', 1000, 60),
        x('ThreadControllerImpl::RunTask', 1000, 59), // nested: the same task
        x('FunctionCall', 1001, 40, PAGE),
        x('FunctionCall', 1002, 10, OURS), // called under the page's call: not counted twice
        x('Layout', 1045, 10),
        x('ThreadControllerImpl::RunTask', 1100, 80),
        x('FunctionCall', 1100, 3, OURS), // our animation-frame callback
        x('UpdateLayoutTree', 1104, 5),
        x('Paint', 1110, 20),
        x('Commit', 1130, 40),
      ]),
      'sku-shift-bench-sync',
    );
    expect(tasks).toEqual([
      { startTime: 1000, duration: 60, extensionJsMs: 0, pageJsMs: 40, rendering: false, painted: false, layoutMs: 10, intersectionMs: 0 },
      { startTime: 1100, duration: 80, extensionJsMs: 3, pageJsMs: 0, rendering: true, painted: true, layoutMs: 5, intersectionMs: 0 },
    ]);
  });

  test('a scheduler task holding the thread controller’s is one task; a hit test’s layout is not a painted frame; observers’ time is kept apart', () => {
    const tasks = tasksFromTrace(
      trace([
        x('RunTask', 1200, 100),
        x('ThreadControllerImpl::RunTask', 1200, 90),
        x('HitTest', 1201, 30),
        x('Layout', 1202, 20),
        x('PrePaint', 1225, 5),
        x('RunTask', 1300, 40),
        x('PrePaint', 1301, 5),
        x('IntersectionObserverController::computeIntersections', 1310, 12),
        x('Paint', 1325, 10),
      ]),
      'sku-shift-bench-sync',
    );
    expect(tasks).toEqual([
      { startTime: 1200, duration: 100, extensionJsMs: 0, pageJsMs: 0, rendering: true, painted: false, layoutMs: 20, intersectionMs: 0 },
      { startTime: 1300, duration: 40, extensionJsMs: 0, pageJsMs: 0, rendering: true, painted: true, layoutMs: 0, intersectionMs: 12 },
    ]);
  });

  test('promise continuations (no script event of their own) are whose the CPU samples in them say', () => {
    const events = trace([x('RunTask', 1000, 6), x('BlinkScheduler_PerformMicrotaskCheckpoint', 1000, 5)]);
    const [task] = tasksFromTrace(events, 'sku-shift-bench-sync', samplesFromTrace(events, 'sku-shift-bench-sync'));
    // Samples at 1,000 and 1,001 in the page's code, 1,002 and 1,003 in ours, 1,004 native.
    expect(task!.pageJsMs).toBeCloseTo(2);
    expect(task!.extensionJsMs).toBeCloseTo(2);
    // Without samples they count for no one, rather than for either side.
    expect(tasksFromTrace(events, 'sku-shift-bench-sync')[0]).toMatchObject({ extensionJsMs: 0, pageJsMs: 0 });
    // A checkpoint with no task event around it (RunTask is not in the default categories) is a task.
    const bare = trace([x('BlinkScheduler_PerformMicrotaskCheckpoint', 1000, 5)]);
    expect(tasksFromTrace(bare, 'sku-shift-bench-sync', samplesFromTrace(bare, 'sku-shift-bench-sync'))).toEqual([
      { startTime: 1000, duration: 5, extensionJsMs: expect.closeTo(2), pageJsMs: expect.closeTo(2), rendering: false, painted: false, layoutMs: 0, intersectionMs: 0 },
    ]);
  });
});

describe('who caused a task', () => {
  const task = (extensionJsMs: number, pageJsMs: number, rendering = false, layoutMs = 0, painted = rendering): TraceTask => ({
    startTime: 0,
    duration: 60,
    extensionJsMs,
    pageJsMs,
    rendering,
    painted,
    layoutMs,
    intersectionMs: 0,
  });

  test('a script task is whose script outweighs', () => {
    expect(causeOf([task(30, 2)], 0)).toBe('our task');
    expect(causeOf([task(3, 200)], 0)).toBe("page's task");
  });

  test('a frame after the page re-rendered is the page’s, though our animation-frame callback ran in it', () => {
    expect(causeOf([task(0, 0, true, 50), task(0, 300), task(4, 0, true, 200)], 2)).toBe("page's frame");
  });

  test('a frame after only our changes is ours; frames that laid nothing out do not end the span', () => {
    expect(causeOf([task(0, 300), task(0, 0, true, 200), task(6, 0), task(0, 0, true, 0.2), task(0, 0.5, true, 150)], 4)).toBe('frame after our changes');
    // The page's changes before a frame that drew nothing are still to draw: its frame.
    expect(causeOf([task(0, 0, true, 200), task(0, 300), task(0, 0, true, 0.2), task(6, 0), task(0, 0, true, 150)], 4)).toBe("page's frame");
  });

  test('a layout no frame painted (a hit test after the page’s click) does not end the span: the frame that paints it is the page’s', () => {
    // The page's click appends rows and a hit test lays them out; our animation-frame callback runs in the frame that paints them.
    expect(causeOf([task(0, 0, true, 50), task(0, 5, true, 90, false), task(3, 0, true, 0)], 2)).toBe("page's frame");
    // Our change after that frame is still ours: the layout forced before it was drawn by it.
    expect(causeOf([task(0, 5, true, 90, false), task(0, 0, true, 0), task(6, 0), task(0, 0, true, 70)], 3)).toBe('frame after our changes');
  });
});
