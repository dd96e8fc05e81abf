/** The extension pages' line to the worker: typed commands, and the worker's change broadcasts. */
import { browser } from '../../platform/browser.ts';
import { commandSender, isBroadcast, type Broadcast } from '../../messages.ts';

export const send = commandSender((message) => browser.runtime.sendMessage(message));

/** Calls `listener` for every broadcast; returns the unsubscribe function. */
export function onBroadcast(listener: (broadcast: Broadcast) => void): () => void {
  const handler = (message: unknown): undefined => {
    if (isBroadcast(message)) listener(message);
    return undefined;
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}
