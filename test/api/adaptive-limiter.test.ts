import { describe, expect, test } from 'vitest';
import { AdaptiveLimiter } from '../../src/api/adaptive-limiter.ts';
import { fakeClock } from './fake-clock.ts';

describe('AdaptiveLimiter: concurrency that adapts to throttling', () => {
  test('never lets more than the limit run at once', async () => {
    const limiter = new AdaptiveLimiter({ initial: 3, max: 3, clock: fakeClock() });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const ticket = await limiter.acquire();
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 1));
        running -= 1;
        ticket.release('ok');
      }),
    );
    expect(peak).toBe(3);
  });

  test('halves once for a burst of 429s from requests sent together, then grows back by one per streak', async () => {
    const limiter = new AdaptiveLimiter({ initial: 8, max: 8, clock: fakeClock() });
    const tickets = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire()));
    for (const ticket of tickets) limiter.throttled(ticket, 1_000);
    expect(limiter.stats().limit).toBe(4);
    expect(limiter.stats().decreases).toBe(1);
    // A streak of `limit` successes adds one.
    for (let i = 0; i < 4; i += 1) (await limiter.acquire()).release('ok');
    expect(limiter.stats().limit).toBe(5);
    for (let i = 0; i < 100; i += 1) (await limiter.acquire()).release('ok');
    expect(limiter.stats().limit).toBe(8);
  });

  test('a Retry-After makes every later request wait, not only the throttled one', async () => {
    const clock = fakeClock();
    const limiter = new AdaptiveLimiter({ initial: 4, max: 4, clock });
    const start = clock.now();
    const first = await limiter.acquire();
    limiter.throttled(first, 30_000);
    const startedAt = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const ticket = await limiter.acquire();
        const at = clock.now();
        ticket.release('ok');
        return at;
      }),
    );
    for (const at of startedAt) expect(at - start).toBeGreaterThanOrEqual(30_000);
  });

  test('an abort while waiting for a slot rejects and frees nothing it did not take', async () => {
    const limiter = new AdaptiveLimiter({ initial: 1, max: 1, clock: fakeClock() });
    const held = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    held.release('ok');
    expect(limiter.stats().inFlight).toBe(0);
    (await limiter.acquire()).release('ok');
  });
});
