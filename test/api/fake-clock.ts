import type { Clock } from '../../src/api/clock.ts';

/**
 * Virtual time. `sleep` registers a timer; whenever the program has nothing else to do (every
 * promise settled: checked with setImmediate), the clock jumps to the earliest timer and fires it.
 * So a 60-second Retry-After takes microseconds, concurrent sleepers see one consistent timeline,
 * and the time that "passed" can be asserted.
 */
export function fakeClock(start = Date.UTC(2026, 10, 24, 9, 0, 0)): Clock & { advance(ms: number): void; slept: number[] } {
  let t = start;
  const slept: number[] = [];
  const timers: { at: number; fire: () => void }[] = [];
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (timers.length === 0) return;
      timers.sort((a, b) => a.at - b.at);
      t = Math.max(t, timers[0]!.at);
      const due = timers.filter((timer) => timer.at <= t);
      timers.splice(0, due.length);
      for (const timer of due) timer.fire();
      if (timers.length > 0) schedule();
    });
  };
  return {
    slept,
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        slept.push(ms);
        const timer = {
          at: t + Math.max(0, ms),
          fire: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const index = timers.indexOf(timer);
          if (index >= 0) timers.splice(index, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.push(timer);
        schedule();
      }),
  };
}
