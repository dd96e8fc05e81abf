import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEED_RULES, TARGETS, matchRetiredSku, matchTargetProduct } from '../../src/core/catalog.ts';

/** Today's Dynamics 365 names, full of the words retired names use (Professional, Essentials, ...). */
const CURRENT = [
  ...Object.values(TARGETS).flatMap((t) => [t.name, ...t.catalogNames, ...t.licenseNames, ...t.skuPartNumbers]),
  'Dynamics 365 Business Central Essentials',
  'Dynamics 365 Business Central Premium',
  'Dynamics 365 Business Central Team Members',
  'Dynamics 365 Sales Enterprise Attach to Qualifying Dynamics 365 Base Offer',
  'Dynamics 365 - Additional Production Instance (Qualified Offer)',
  'Dynamics 365 - Additional Database Storage (Qualified Offer)',
  'Dynamics 365 Operations - Sandbox Tier 4:Standard Performance Testing',
  'Microsoft 365 Business Basic',
  'Project Online Essentials',
  'Project Plan 3',
];

/** Characters a page may put between or around words. */
const SPACES = ['\u0020', '\u00a0', '\u202f', '\u2009', '\u3000', '\t', '\n', '  '];
const noisySpace = fc.constantFrom(...SPACES);
const caseNoise = (s: string, flips: boolean[]) =>
  Array.from(s)
    .map((ch, i) => (flips[i % flips.length] ? ch.toUpperCase() : ch.toLowerCase()))
    .join('');

/** Re-spell a name: random case, random Unicode spaces between words. */
const respelled = (name: string) =>
  fc.tuple(fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }), fc.array(noisySpace, { minLength: 1, maxLength: 8 })).map(([flips, spaces]) =>
    caseNoise(name, flips)
      .split(' ')
      .map((w, i) => (i === 0 ? w : spaces[i % spaces.length]! + w))
      .join(''),
  );

/** Text around a name that cannot itself create or complete a product name. */
const surrounding = fc.constantFrom('', ' ', ' – 25 licenses', ' (12)', ': Expires on 7/1/2017', '\u00a0×\u00a03', ' | Active');
const leading = fc.constantFrom('', ' ', '12 × ', 'Subscription: ', '• ', '(');

describe('matcher properties', () => {
  it('never throws and returns a consistent match on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const m = matchRetiredSku(s);
        if (m) expect(s.slice(m.index, m.index + m.text.length)).toBe(m.text);
        matchTargetProduct(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('a retired name with random case, spaces and surroundings is still found, at the right place', () => {
    const named = SEED_RULES.flatMap((r) => r.offerNames.map((n) => [n, r.id] as const));
    fc.assert(
      fc.property(
        fc.constantFrom(...named).chain(([name, id]) => fc.tuple(leading, respelled(name), surrounding, fc.constant(id))),
        ([before, name, after, id]) => {
          const m = matchRetiredSku(before + name + after);
          expect(m?.rule.id).toBe(id);
          expect(m?.index).toBeLessThanOrEqual(before.length);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('a current Dynamics 365 name with random noise never matches a retired SKU', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENT).chain((name) => fc.tuple(leading, respelled(name), surrounding)),
        ([before, name, after]) => {
          expect(matchRetiredSku(before + name + after)).toBeNull();
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('every name a target carries is recognised as that target under noise', () => {
    const named = Object.values(TARGETS).flatMap((t) => [t.name, ...t.catalogNames, ...t.licenseNames].map((n) => [n, t.id] as const));
    fc.assert(
      fc.property(
        fc.constantFrom(...named).chain(([name, id]) => fc.tuple(leading, respelled(name), surrounding, fc.constant(id))),
        ([before, name, after, id]) => {
          expect(matchTargetProduct(before + name + after)?.targets.map((t) => t.id)).toContain(id);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('hostile input', () => {
  // Each of these would take exponential time in a pattern with nested or unbounded quantifiers;
  // the vitest timeout is the bound (no wall-clock assertion).
  const big = 100 * 1024;
  const hostile: [string, string][] = [
    ['repeated near-miss prefix', 'Microsoft Dynamics CRM Online '.repeat(Math.ceil(big / 30)).slice(0, big)],
    ['separators between every letter', 'D - y - n - a - m - i - c - s '.repeat(Math.ceil(big / 30)).slice(0, big)],
    ['one letter repeated', 'a'.repeat(big)],
    ['punctuation soup', '-–—:;()&/ '.repeat(big / 10)],
    ['anchor words without names', 'ax crm ax crm '.repeat(big / 14)],
    ['non-ASCII everywhere', '\u00a0\u200b\uff24\u00e9'.repeat(big / 4)],
    ['lone surrogates', '\ud800\udc00\ud800'.repeat(big / 3)],
  ];

  it.each(hostile)('%s (100 KB) is scanned without blowing up', (_label, text) => {
    expect(text.length).toBeGreaterThanOrEqual(big - 30);
    matchRetiredSku(text);
    matchTargetProduct(text);
  });

  it('finds a retired name at the very end of 100 KB of noise', () => {
    const text = 'Dynamics 365 Team Members '.repeat(4000) + 'Dynamics AX Device';
    const m = matchRetiredSku(text);
    expect(m?.rule.id).toBe('ax-device');
    expect(m?.index).toBe(text.length - 'Dynamics AX Device'.length);
  });
});
