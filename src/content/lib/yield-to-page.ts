/**
 * Long work in a content script runs in slices, giving the page's own tasks (input, rendering) a
 * turn in between: a content script never holds the main thread over 50 ms at a time.
 */

/** How long one slice of our work may run before it gives the page a turn. */
export const SLICE_MS = 8;

interface Scheduler {
  yield(): Promise<void>;
}

/**
 * Resolves in a later task: `scheduler.yield()` where the browser has it (the continuation keeps its
 * place ahead of other queued tasks), else a macrotask.
 */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<Scheduler> }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs `steps` to completion, in slices of about SLICE_MS (a step is the work between two `yield`s),
 * yielding to the page in between. Rejects with the signal's reason once it aborts.
 */
export async function runSliced<T>(steps: Generator<void, T>, signal: AbortSignal, timed: (slice: () => void) => void = (slice) => slice()): Promise<T> {
  for (;;) {
    signal.throwIfAborted();
    let result: IteratorResult<void, T> | undefined;
    timed(() => {
      const deadline = performance.now() + SLICE_MS;
      do result = steps.next();
      while (!result.done && performance.now() < deadline);
    });
    if (result?.done) return result.value;
    await yieldToPage();
  }
}

/** Runs `steps` to completion at once (the synchronous twin of runSliced). */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const result = steps.next();
    if (result.done) return result.value;
  }
}
