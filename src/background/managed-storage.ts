/**
 * The worker's one reader of the organisation's policy: `storage.managed`, which the browser fills
 * from enterprise policies (Chrome/Edge `3rdparty.extensions.<id>`, checked against
 * /managed-schema.json; Firefox policies.json `3rdparty.Extensions.<gecko id>`). Read afresh for
 * every command (the browser keeps it in memory; nothing is cached here, so a worker restart or a
 * policy change needs no invalidation), and validated by the router (src/core/managed-policy.ts).
 *
 * Test-only source (the bench build alone): Chromium fills managed storage only from real machine
 * policies (/etc/chromium/policies/managed, root, the whole machine), which a test must not write.
 * In the bench build (`vite build --mode bench` → dist-bench/, never shipped) a policy stored under
 * TEST_POLICY_KEY in `storage.session` stands in for it. storage.session is reachable only from the
 * extension's own trusted contexts (its pages and worker; content scripts are denied by default), and
 * in every other build `__SKU_SHIFT_BENCH__` is the constant false, so the branch and the key are
 * compiled out: no page, and no content script, can reach it in the extension partners install.
 */
import { browser } from '../platform/browser.ts';

declare const __SKU_SHIFT_BENCH__: boolean | undefined;
const BENCH_BUILD = typeof __SKU_SHIFT_BENCH__ === 'boolean' && __SKU_SHIFT_BENCH__;

/** The bench build's stand-in for storage.managed (see the header). */
export const TEST_POLICY_KEY = 'skuShiftTestManagedPolicy';

/**
 * The raw policy, {} when there is none. Firefox rejects the read when no policy names the
 * extension ("Managed storage manifest not found"): that is no policy, not a problem to show.
 */
export async function readManagedStorage(): Promise<unknown> {
  if (BENCH_BUILD) {
    const test = await browser.storage.session.get(TEST_POLICY_KEY);
    if (test[TEST_POLICY_KEY] !== undefined) return test[TEST_POLICY_KEY];
  }
  try {
    return await browser.storage.managed.get(null);
  } catch {
    return {};
  }
}

/** Calls `changed` whenever an administrator changes the policy (storage.onChanged, area 'managed'). */
export function onManagedStorageChanged(changed: () => void): void {
  browser.storage.onChanged.addListener((changes, areaName) => {
    if (areaName === 'managed' || (BENCH_BUILD && areaName === 'session' && TEST_POLICY_KEY in changes)) changed();
  });
}
