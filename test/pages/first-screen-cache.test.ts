/** The dashboard's kept first screen is painted only as this build wrote it, for the same day; anything else is dropped. */
import { describe, expect, it } from 'vitest';
import { FIRST_SCREEN_KEY as KEY, forgetFirstScreen, keepFirstScreen, keptFirstScreen } from '../../src/pages/dashboard/first-screen-cache.ts';
import type { DashboardView } from '../../src/core/tracked-customers.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

function view(rows: number, today = '2026-12-03'): DashboardView {
  const customers = Array.from({ length: rows }, (_, i) => ({ customerId: `c-${i}`, customerName: `Contoso ${i}` })) as unknown as DashboardView['customers'];
  return { today, customers, total: 10_000, counts: { total: 10_000, phases: {}, windows: {} } as DashboardView['counts'], settings: {} as DashboardView['settings'], partnerCenterBase: null };
}

describe('first-screen cache', () => {
  it('keeps the first rows of a view and gives them back to the same build on the same day', () => {
    const store = memoryStorage();
    keepFirstScreen(view(120), 50, store, 'build-a');
    const kept = keptFirstScreen('2026-12-03', store, 'build-a');
    expect(kept?.customers.map((row) => row.customerId)).toEqual(Array.from({ length: 50 }, (_, i) => `c-${i}`));
    expect(kept?.total).toBe(10_000);
  });

  it('drops what another build or another day wrote', () => {
    const store = memoryStorage();
    keepFirstScreen(view(3), 50, store, 'build-a');
    expect(keptFirstScreen('2026-12-03', store, 'build-b')).toBeNull();
    expect(store.items.has(KEY)).toBe(false);
    keepFirstScreen(view(3, '2026-12-02'), 50, store, 'build-a');
    expect(keptFirstScreen('2026-12-03', store, 'build-a')).toBeNull();
    expect(store.items.has(KEY)).toBe(false);
  });

  it('drops a value that is not what it wrote, without throwing', () => {
    for (const raw of [
      '{not json',
      'null',
      '"text"',
      JSON.stringify({ build: 'b', view: { today: '2026-12-03', customers: [42], total: 1, counts: {}, settings: {} } }),
      JSON.stringify({ build: 'b', view: { ...view(2), total: 1 } }),
    ]) {
      const store = memoryStorage({ [KEY]: raw });
      expect(keptFirstScreen('2026-12-03', store, 'b')).toBeNull();
      expect(store.items.has(KEY)).toBe(false);
    }
  });

  it('a storage that refuses to write or read leaves the page as without it', () => {
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(() => keepFirstScreen(view(3), 50, full, 'b')).not.toThrow();
    const broken = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => undefined,
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(keptFirstScreen('2026-12-03', broken, 'b')).toBeNull();
    expect(() => forgetFirstScreen(broken)).not.toThrow();
    expect(keptFirstScreen('2026-12-03', null, 'b')).toBeNull();
  });
});
