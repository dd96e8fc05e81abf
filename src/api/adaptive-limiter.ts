/**
 * How many Partner Center requests may be in flight, adapted to throttling (AIMD, as TCP does):
 * start at `initial`, halve on a 429, add one after a streak of `limit` successes, never above `max`.
 * A 429's Retry-After sets a shared "not before" time, so every worker waits, not only the one that
 * was told to: a throttled tenant then sees a pause, not a storm of retries.
 */
import type { Clock } from './clock.ts';

export interface LimiterOptions {
  initial: number;
  max: number;
  clock: Clock;
}

export interface LimiterTicket {
  /** The decrease epoch when the request started: 429s from requests sent before a decrease don't halve again. */
  readonly epoch: number;
  /** Frees the slot; `outcome` feeds the adaptation. Idempotent. */
  release(outcome: 'ok' | 'throttled' | 'error'): void;
}

export interface LimiterStats {
  limit: number;
  inFlight: number;
  notBefore: number;
  decreases: number;
}

export class AdaptiveLimiter {
  #limit: number;
  readonly #max: number;
  readonly #clock: Clock;
  #inFlight = 0;
  #streak = 0;
  #epoch = 0;
  #decreases = 0;
  #notBefore = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(options: LimiterOptions) {
    this.#max = Math.max(1, Math.floor(options.max));
    this.#limit = Math.min(this.#max, Math.max(1, Math.floor(options.initial)));
    this.#clock = options.clock;
  }

  stats(): LimiterStats {
    return { limit: this.#limit, inFlight: this.#inFlight, notBefore: this.#notBefore, decreases: this.#decreases };
  }

  /** Waits for a free slot, then for the shared "not before" time; rejects if the signal aborts. */
  async acquire(signal?: AbortSignal): Promise<LimiterTicket> {
    signal?.throwIfAborted();
    while (this.#inFlight >= this.#limit) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const index = this.#waiting.indexOf(wake);
          if (index >= 0) this.#waiting.splice(index, 1);
          reject(signal?.reason);
        };
        this.#waiting.push(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    this.#inFlight += 1;
    const epoch = this.#epoch;
    let released = false;
    const ticket: LimiterTicket = {
      epoch,
      release: (outcome) => {
        if (released) return;
        released = true;
        this.#inFlight -= 1;
        if (outcome === 'ok') this.#onSuccess();
        else this.#streak = 0;
        this.#wakeWaiters();
      },
    };
    try {
      // Re-checked after each sleep: another worker may have pushed the time further meanwhile.
      for (let wait = this.#notBefore - this.#clock.now(); wait > 0; wait = this.#notBefore - this.#clock.now()) {
        await this.#clock.sleep(wait, signal);
      }
    } catch (error) {
      ticket.release('error');
      throw error;
    }
    return ticket;
  }

  /** A 429 (or 503 with Retry-After): everyone waits `retryAfterMs`; the limit halves once per episode. */
  throttled(ticket: LimiterTicket, retryAfterMs: number): void {
    this.#notBefore = Math.max(this.#notBefore, this.#clock.now() + Math.max(0, retryAfterMs));
    if (ticket.epoch === this.#epoch) {
      this.#limit = Math.max(1, Math.floor(this.#limit / 2));
      this.#epoch += 1;
      this.#decreases += 1;
    }
    ticket.release('throttled');
  }

  #onSuccess(): void {
    this.#streak += 1;
    if (this.#streak >= this.#limit && this.#limit < this.#max) {
      this.#limit += 1;
      this.#streak = 0;
      this.#wakeWaiters();
    }
  }

  #wakeWaiters(): void {
    let free = this.#limit - this.#inFlight;
    while (free > 0 && this.#waiting.length > 0) {
      this.#waiting.shift()?.();
      free -= 1;
    }
  }
}
