import { findGuid } from '../../core/partner-center-urls.ts';
import { LIMITS } from '../../messages.ts';
import { watchText } from '../scanner.ts';
import { readCustomerList } from '../progress/customer-list.ts';
import { readPageSnapshot } from '../progress/read-page-snapshot.ts';
import type { SendCommand } from '../lib/worker-client.ts';

/**
 * On the customers list: records each customer's name and relationship as the grid shows them, so
 * the checklist can name the customer and say "invite first" on their pages. Only what changed since
 * the last send goes to the worker.
 */
const READ_DELAY_MS = 300;

export function syncCustomerList(doc: Document, signal: AbortSignal, send: SendCommand): void {
  const sent = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });

  const read = async (): Promise<void> => {
    const observations = readCustomerList(readPageSnapshot(doc), doc.location.href, new Date().toISOString())
      .filter((o) => sent.get(o.customerId) !== `${o.customerName ?? ''}|${o.relationship ?? ''}`);
    for (let i = 0; i < observations.length && !signal.aborted; i += LIMITS.observationsPerBatch) {
      const batch = observations.slice(i, i + LIMITS.observationsPerBatch);
      try {
        await send({ kind: 'observations/record', observations: batch });
        for (const o of batch) sent.set(o.customerId, `${o.customerName ?? ''}|${o.relationship ?? ''}`);
      } catch {
        return; // the worker is unreachable or refused: the next change retries
      }
    }
  };
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void read(), READ_DELAY_MS);
  };
  watchText((text) => (findGuid(text) ? true : null), () => {
    schedule();
    return schedule;
  }, { signal });
}
