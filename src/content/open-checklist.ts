/**
 * The hook a badge uses to open the migration checklist for its customer. It stays inside the content
 * script (a module-level handler, not a page event): the page can neither forge nor observe it.
 *
 * The checklist feature registers with `onOpenChecklist(handler, signal)`; a badge calls
 * `openChecklist(request)` and shows its "Open checklist" button only when `canOpenChecklist()`.
 * The checklist loads on demand, often after the badges: open details follow
 * `watchChecklistAvailability` and show the button once it can be used.
 */

export interface OpenChecklistRequest {
  /** The customer's tenant GUID from the URL; null when the page does not say. */
  customerId: string | null;
  /** The retirement rule the badge is about, e.g. 'ax-enterprise'. */
  ruleId: string;
  /** The product name as the page shows it. */
  productName: string;
  /** End date YYYY-MM-DD when the row shows "Expires on". */
  endDate: string | null;
}

type Handler = (request: OpenChecklistRequest) => void;

let handler: Handler | null = null;
const availabilityListeners = new Set<() => void>();

function setHandler(next: Handler | null): void {
  const before = handler !== null;
  handler = next;
  if (before !== (handler !== null)) for (const listener of [...availabilityListeners]) listener();
}

/** Registers the one handler (the latest wins) until `signal` aborts. */
export function onOpenChecklist(next: Handler, signal: AbortSignal): void {
  if (signal.aborted) return;
  setHandler(next);
  signal.addEventListener(
    'abort',
    () => {
      if (handler === next) setHandler(null);
    },
    { once: true },
  );
}

/** Calls `listener` whenever `canOpenChecklist()` changes; returns the function that stops it. */
export function watchChecklistAvailability(listener: () => void): () => void {
  availabilityListeners.add(listener);
  return () => {
    availabilityListeners.delete(listener);
  };
}

export function canOpenChecklist(): boolean {
  return handler !== null;
}

/** Opens the checklist; returns false when no checklist is available on this page. */
export function openChecklist(request: OpenChecklistRequest): boolean {
  if (!handler) return false;
  handler(request);
  return true;
}
