/**
 * The dashboard's side of "Use my Partner Center session": a FetchLike that sends each Partner
 * Center call through the worker's relay (src/background/api-relay.ts), which makes it with the token
 * of a signed-in Partner Center tab. The dashboard never sees that token: the client built here has
 * no getAccessToken, so a 401 or 403 means the borrowed session expired or was refused, and the scan
 * pauses (resumable) instead of failing.
 *
 * Everything else (paging, the shared retry rule, checkpoints, resume, the license move, the
 * subscription writes) is the same PartnerCenterClient as with a Microsoft sign-in.
 */
import { PARTNER_CENTER_API_ORIGIN } from '../core/partner-center-urls.ts';
import type { ApiRelayReply, ApiRelayRequest } from '../messages.ts';
import type { Clock } from './clock.ts';
import { PartnerCenterClient, PartnerCenterError, type FetchLike } from './partner-center-client.ts';

/** Sends one `api/relay` command (the dashboard passes its worker client). */
export type Relay = (request: ApiRelayRequest) => Promise<ApiRelayReply>;

const NO_SESSION_MESSAGE = {
  'no-tab': 'no Partner Center tab is open: open Partner Center and sign in',
  'signed-out': 'no Partner Center tab is signed in: sign in to Partner Center',
} as const;

/** Rejects with the signal's reason as soon as it aborts (a message to the worker cannot be taken back). */
function abortable<T>(task: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return task;
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    task.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function sessionFetch(relay: Relay): FetchLike {
  return async (url, init) => {
    if (!url.startsWith(`${PARTNER_CENTER_API_ORIGIN}/`)) throw new Error('the session relay calls the Partner Center API only');
    const headers = Object.fromEntries(Object.entries(init.headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
    const request: ApiRelayRequest = {
      method: init.method as ApiRelayRequest['method'],
      path: url.slice(PARTNER_CENTER_API_ORIGIN.length),
      headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
    };
    const reply = await abortable(relay(request), init.signal);
    if (reply.outcome === 'no-session') {
      throw new PartnerCenterError('session-unavailable', null, NO_SESSION_MESSAGE[reply.status], headers['MS-RequestId'] ?? '', reply.status);
    }
    // The client retries this like any request that got no answer.
    if (reply.outcome === 'network') throw new Error(`no answer from Partner Center (${reply.message})`);
    const answered = new Map(Object.entries(reply.headers).map(([name, value]) => [name.toLowerCase(), value]));
    return { status: reply.status, headers: { get: (name) => answered.get(name.toLowerCase()) ?? null }, text: async () => reply.body };
  };
}

/** A Partner Center client that uses the partner's Partner Center session instead of a Microsoft sign-in. */
export function sessionClient(relay: Relay, options: { clock: Clock; correlationId?: string }): PartnerCenterClient {
  return new PartnerCenterClient({ fetch: sessionFetch(relay), clock: options.clock, ...(options.correlationId ? { correlationId: options.correlationId } : {}) });
}
