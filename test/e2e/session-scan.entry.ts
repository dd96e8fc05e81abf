/**
 * Bundled into an extension page by session-scan.e2e.ts: the scan in session mode, wired as the
 * dashboard wires it (worker client, checkpoint and resume), with the session client instead of a
 * Microsoft sign-in, and no dashboard around it.
 */
import { realClock } from '../../src/api/clock.ts';
import { runCustomerScan } from '../../src/api/customer-scan.ts';
import { isResumable, isScanCheckpoint, type ScanCheckpoint } from '../../src/api/scan-checkpoint.ts';
import { sessionClient } from '../../src/api/session-transport.ts';
import type { JsonValue } from '../../src/core/records.ts';
import { commandSender, type Command } from '../../src/messages.ts';

declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};
const send = commandSender((message: Command) => chrome.runtime.sendMessage(message));
const client = (correlationId?: string) => sessionClient((request) => send({ kind: 'api/relay', request }), { clock: realClock, ...(correlationId ? { correlationId } : {}) });

export const sessionStatus = async () => (await send({ kind: 'api/session-status' })).status;

/** A new scan, or the resumable one the worker holds. */
export async function scan(): Promise<ScanCheckpoint> {
  const stored = await send({ kind: 'scan/checkpoint-get' });
  const resumeFrom = isScanCheckpoint(stored) && isResumable(stored) ? stored : null;
  const scanId = resumeFrom?.scanId ?? crypto.randomUUID();
  return runCustomerScan({
    client: client(scanId),
    clock: realClock,
    signal: new AbortController().signal,
    scanId,
    checkpoint: resumeFrom,
    pageSize: 100,
    sink: {
      record: async (observations) => {
        await send({ kind: 'observations/record', observations });
      },
      saveCheckpoint: async (checkpoint) => {
        await send({ kind: 'scan/checkpoint-put', checkpoint: checkpoint as unknown as JsonValue });
      },
    },
  });
}
