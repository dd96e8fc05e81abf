/**
 * The stateful migration look-alike (test/fixtures/pages/migration-fixture.ts) served as
 * partner.microsoft.com to the built extension in Chromium, one per test file, and what the tests
 * ask the worker through a fresh extension page.
 */
import { expect } from 'vitest';
import { launchExtension, type ExtensionSession } from './launch-extension.ts';
import { startHttpsServer, type RunningServer } from './https-server.ts';
import { migrationFixture, type MigrationFixture } from '../fixtures/pages/migration-fixture.ts';
import type { CustomerView } from '../../src/core/records.ts';

export interface MigrationLookAlike {
  fixture: MigrationFixture;
  server: RunningServer;
  session: ExtensionSession;
  close(): Promise<void>;
}

export async function startMigrationLookAlike(today: string): Promise<MigrationLookAlike> {
  const fixture = migrationFixture({ today });
  const server = await startHttpsServer((req, res, body) => {
    if (!fixture.handle(req, res, body)) {
      res.writeHead(404);
      res.end();
    }
  });
  const session = await launchExtension({ hosts: { 'partner.microsoft.com': server.port } });
  return {
    fixture,
    server,
    session,
    close: async () => {
      await session.close();
      await server.close();
    },
  };
}

/** A command sent from a freshly opened extension page (no state carried over), as the dashboard sends it. */
export async function fromExtensionPage<T>(session: ExtensionSession, command: object): Promise<T> {
  const page = await session.context.newPage();
  await page.goto(session.url('src/pages/popup/index.html'));
  const reply = await page.evaluate((message) => {
    const { chrome } = globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } };
    return chrome.runtime.sendMessage(message);
  }, command);
  await page.close();
  const typed = reply as { ok: boolean; data: T };
  expect(typed.ok).toBe(true);
  return typed.data;
}

/** What the worker holds for a customer. */
export function storedView(session: ExtensionSession, customerId: string): Promise<CustomerView> {
  return fromExtensionPage(session, { kind: 'customer/get', customerId });
}
