/**
 * Re-reading on the worker's broadcasts without piling up: bursts (an API scan records hundreds of
 * customers a minute) are coalesced, and at most one read is in flight; a change that arrives
 * during a read triggers exactly one more read after it.
 */
import { onBroadcast } from './worker-client.ts';

export function liveReload(load: () => Promise<void>, delayMs = 300): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = false;
  let wait = delayMs;
  const run = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    const started = performance.now();
    try {
      await load();
    } finally {
      // A slow read (thousands of customers) spaces the next ones out, so a running scan is not
      // slowed down by a dashboard re-reading everything after every batch.
      wait = Math.max(delayMs, Math.min(10_000, 2 * (performance.now() - started)));
      running = false;
      if (again && !stopped) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), wait);
  };
  const off = onBroadcast(schedule);
  const onVisible = () => {
    if (document.visibilityState === 'visible') schedule();
  };
  document.addEventListener('visibilitychange', onVisible);
  void run();
  return () => {
    stopped = true;
    off();
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
