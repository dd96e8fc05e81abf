/**
 * Bundled into an extension page by session-scan.e2e.ts: the scan, the bulk license move and the
 * subscription writes in session mode, wired as the dashboard and the checklist would wire them
 * (worker client, checkpoint and resume, evidence recorded through migration/apply), with the
 * session client instead of a Microsoft sign-in. Their buttons belong to the dashboard and the
 * checklist.
 */
import { realClock } from '../../src/api/clock.ts';
import { runCustomerScan } from '../../src/api/customer-scan.ts';
import { readLicenseMoveInputs, reassignEvent, runLicenseMove } from '../../src/api/license-move.ts';
import { endEvents, endSubscription } from '../../src/api/subscription-actions.ts';
import { planLicenseMove } from '../../src/core/license-move-plan.ts';
import { isResumable, isScanCheckpoint, type ScanCheckpoint } from '../../src/api/scan-checkpoint.ts';
import { sessionClient } from '../../src/api/session-transport.ts';
import type { JsonValue } from '../../src/core/records.ts';
import { commandSender, type Command } from '../../src/messages.ts';

declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  i18n: { getMessage(key: string, substitutions?: string[]): string };
};
const send = commandSender((message: Command) => chrome.runtime.sendMessage(message));
const client = (correlationId?: string) =>
  sessionClient((request) => send({ kind: 'api/relay', request }), { clock: realClock, ...(correlationId ? { correlationId } : {}) });

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

/**
 * Preview, move (cancelled once `cancelAfter` users settled, if given), and, once read back, the
 * reassign evidence recorded as the checklist would.
 */
export async function moveLicenses(customerId: string, retiredSkuId: string, targetSkuId: string, cancelAfter?: number) {
  const api = client();
  const inputs = await readLicenseMoveInputs(api, customerId);
  const plan = planLicenseMove(inputs.users, inputs.skus, { retiredSkuId, targetSkuId, whenShort: 'as-many-as-fit' });
  const controller = new AbortController();
  const run = await runLicenseMove({
    api,
    customerId,
    plan,
    clock: realClock,
    signal: controller.signal,
    onProgress: (progress) => {
      if (cancelAfter !== undefined && progress.done >= cancelAfter) controller.abort(new DOMException('Cancelled', 'AbortError'));
    },
  });
  const outcomes: Record<string, number> = {};
  for (const result of run.results) outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
  const moved = run.verification?.moved ?? outcomes.moved ?? 0;
  const total = run.verification?.total ?? plan.moves.length;
  const key = run.verification ? 'license_move_evidence' : 'license_move_progress';
  const text = chrome.i18n.getMessage(total === 1 ? `${key}_one` : key, [String(moved), String(total), run.verifiedAt ?? '']);
  const view = await send({ kind: 'customer/get', customerId });
  const event = reassignEvent(customerId, plan, run, view.migration?.state.users ?? null, text);
  if (event) await send({ kind: 'migration/apply', customerId, event });
  return { planned: plan.moves.length, state: run.state, outcomes, usersLeft: run.verification?.usersLeftOnRetired ?? null };
}

/** Ends the old subscription if the guard allows, and records what happened. */
export async function endOldSubscription(customerId: string, subscriptionId: string, usersLeftOnRetired: number | null, override: boolean) {
  const result = await endSubscription({ api: client(), clock: realClock, customerId, subscriptionId, otherChannel: false, usersLeftOnRetired, override });
  const today = new Date().toISOString().slice(0, 10);
  for (const event of endEvents(customerId, result, override, today, chrome.i18n.getMessage('subscription_action_done_suspend', [new Date().toISOString()]))) {
    await send({ kind: 'migration/apply', customerId, event });
  }
  return result;
}
