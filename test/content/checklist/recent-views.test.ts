/** The checklist's per-customer view memory stays bounded however many customers a session visits. */
import { describe, expect, test } from 'vitest';
import { RecentViews } from '../../../src/content/checklist/recent-views.ts';
import type { CustomerView } from '../../../src/core/records.ts';

const view = (tag: string) => ({ tag }) as unknown as CustomerView;

describe('RecentViews', () => {
  test('keeps only the most recently seen customers', () => {
    const views = new RecentViews(3);
    for (let i = 0; i < 500; i++) views.set(`c${i}`, view(`v${i}`));
    expect(views.size).toBe(3);
    expect(views.get('c0')).toBeUndefined();
    expect(views.get('c499')).toEqual(view('v499'));
    expect(views.get('c497')).toEqual(view('v497'));
  });

  test('a customer seen again becomes the newest and is kept', () => {
    const views = new RecentViews(2);
    views.set('a', view('a1'));
    views.set('b', view('b1'));
    views.set('a', view('a2'));
    views.set('c', view('c1'));
    expect(views.get('b')).toBeUndefined();
    expect(views.get('a')).toEqual(view('a2'));
    expect(views.get('c')).toEqual(view('c1'));
  });

  test('defaults to twenty customers', () => {
    const views = new RecentViews();
    for (let i = 0; i < 25; i++) views.set(`c${i}`, view(`v${i}`));
    expect(views.size).toBe(20);
    expect(views.get('c4')).toBeUndefined();
    expect(views.get('c5')).toBeDefined();
  });
});
