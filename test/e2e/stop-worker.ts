import type { ExtensionSession } from './launch-extension.ts';

/**
 * Stops the extension's service worker the way Chrome does when it idles: the Stop button of
 * chrome://serviceworker-internals (CDP's stop commands leave Playwright's context unusable, see
 * notes/browser-testing.md). Returns once Chrome reports it STOPPED.
 */
export async function stopWorker(session: Pick<ExtensionSession, 'context' | 'extensionId'>): Promise<void> {
  const internals = await session.context.newPage();
  try {
    await internals.goto('chrome://serviceworker-internals/');
    const registration = internals.locator('.serviceworker-registration', { hasText: `chrome-extension://${session.extensionId}/` });
    const scope = (await registration.count()) > 0 ? registration : internals.locator('body');
    await scope.getByText('Stop', { exact: true }).first().click();
    const deadline = Date.now() + 10_000;
    for (;;) {
      await internals.reload();
      const status = (await internals.locator('body').innerText()).match(/Running Status: (\w+)/)?.[1];
      if (status === 'STOPPED') return;
      if (Date.now() > deadline) throw new Error(`The extension's service worker did not stop (status: ${status ?? 'unknown'}).`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await internals.close();
  }
}
