/**
 * The checklist's line to the background worker: typed commands (src/messages.ts) and the
 * worker's broadcasts, with the listener removed when the page visit ends.
 */
import { browser } from '../../platform/content-browser.ts';
import { commandSender, isBroadcast, type Broadcast, type Command } from '../../messages.ts';

export const sendCommand = commandSender((message: Command) => browser.runtime.sendMessage(message));
export type SendCommand = typeof sendCommand;

export function onBroadcast(handler: (broadcast: Broadcast) => void, signal: AbortSignal): void {
  if (signal.aborted) return;
  // Returns nothing: this listener never answers, so it cannot race the worker's own reply channel.
  const listener = (message: unknown): undefined => {
    if (isBroadcast(message)) handler(message);
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
}
