/**
 * Time, injected: the client's backoff and Retry-After waits take no real time in unit tests, and
 * the scan's "time left" is computed from the same source.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      // In a hidden tab Chrome aligns timers to 1-second wake-ups, and to 1-minute ones only for
      // timers nested 5 deep (chromestatus 4718288976216064). A scan's sleeps are scheduled from a
      // fetch answer, so they nest 1-2 deep: at most ~1 s late. Waking late is only slower, never
      // wrong: every wait is re-checked against now().
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
