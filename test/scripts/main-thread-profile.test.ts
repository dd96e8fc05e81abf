/**
 * The long-task bench's attribution: which part of a task V8's samples put in SKU Shift's code.
 */
import { describe, expect, test } from 'vitest';
import { samplesFromTrace, shareOf, type TraceEvent } from '../../scripts/main-thread-profile.ts';

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
