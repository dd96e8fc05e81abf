/** A dashboard part's code is imported once, however many ask for it, and again after a failed import. */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/platform/browser.ts', async () => (await import('../locale-messages.ts')).browserStandIn);
const { lazyPart } = await import('../../src/pages/dashboard/lazy-part.tsx');

describe('lazyPart', () => {
  it('imports once for every caller and keeps the part', async () => {
    let imports = 0;
    const part = lazyPart(async () => {
      imports++;
      return 'the scan panel';
    });
    expect(part.value).toBeUndefined();
    const [a, b] = await Promise.all([part.load(), part.load()]);
    expect([a, b, part.value]).toEqual(['the scan panel', 'the scan panel', 'the scan panel']);
    await part.load();
    expect(imports).toBe(1);
  });

  it('a failed import is tried again on the next load', async () => {
    let imports = 0;
    const part = lazyPart(async () => {
      imports++;
      if (imports === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return 'the rules editor';
    });
    await expect(part.load()).rejects.toThrow('Failed to fetch');
    expect(part.value).toBeUndefined();
    expect(await part.load()).toBe('the rules editor');
    expect(imports).toBe(2);
  });
});
