import type { Clock } from '../../src/api/clock.ts';

/**
 * Virtual time: `sleep(ms)` moves the clock forward to its deadline at once (never backwards), so
 * a test of a 60-second Retry-After takes microseconds, and the time that "passed" can be asserted.
 */
export function fakeClock(start = Date.UTC(2026, 10, 24, 9, 0, 0)): Clock & { advance(ms: number): void; slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      slept.push(ms);
      const deadline = t + Math.max(0, ms);
      await Promise.resolve();
      if (deadline > t) t = deadline;
      signal?.throwIfAborted();
    },
  };
}
