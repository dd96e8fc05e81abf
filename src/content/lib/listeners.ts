/**
 * A set of callbacks, each bound to the AbortSignal of whoever subscribed: when a page visit ends,
 * its listeners leave with it (no one-slot callback fields to reset by hand).
 */
export class Listeners<A extends unknown[] = []> {
  private readonly set = new Set<(...args: A) => void>();

  add(listener: (...args: A) => void, signal: AbortSignal): void {
    if (signal.aborted) return;
    this.set.add(listener);
    signal.addEventListener('abort', () => this.set.delete(listener), { once: true });
  }

  call(...args: A): void {
    for (const listener of [...this.set]) listener(...args);
  }
}
