/**
 * The last step through the API, behind the guard of src/core/subscription-end.ts:
 * - legacy: `PATCH /customers/{id}/subscriptions/{sid}` with the full subscription, status
 *   "suspended", `If-Match: <etag>`;
 * - new commerce: the same PATCH with autoRenewEnabled false (it ends at term end).
 * The subscription is read fresh first (its etag, and the guard's facts), a 202 + Location is
 * polled until done, and a 412 (changed since it was read) is read again and reported, never
 * retried blindly. The result says what happened; the caller asks for confirmation before, and
 * records endEvents after.
 */
import { endAllowed, subscriptionEndOffer, type EndAction, type SubscriptionEndOffer } from '../core/subscription-end.ts';
import type { MigrationEvent } from '../core/migration.ts';
import { isPlaceholderEndDate, parseApiDate } from './api-date.ts';
import type { Clock } from './clock.ts';
import { PARTNER_CENTER_API_ORIGIN, partnerCenterApiUrl } from '../core/partner-center-urls.ts';
import { PartnerCenterError, type ApiErrorKind, type PartnerCenterClient } from './partner-center-client.ts';
import { parseSubscription, type ApiSubscription } from './partner-center-types.ts';
import { retryAfterMs } from './retry-policy.ts';

export type SubscriptionApi = Pick<PartnerCenterClient, 'send'>;

/** Polls of a 202's Location before the result is "pending" (the change may still complete). */
const MAX_POLLS = 30;
const POLL_MIN_MS = 2_000;

export type SubscriptionActionResult =
  | { outcome: 'done'; action: EndAction; subscription: ApiSubscription }
  /** It was already so (suspended, or auto-renew off): nothing was written. */
  | { outcome: 'already-done'; action: EndAction; subscription: ApiSubscription }
  /** The guard does not allow it (or needs the override the partner did not give): nothing was written. */
  | { outcome: 'not-offered'; offer: SubscriptionEndOffer }
  /** 412/409: changed in Partner Center since it was read; `subscription` is how it is now. Review, then try again. */
  | { outcome: 'conflict'; action: EndAction; subscription: ApiSubscription | null }
  /** Accepted (202), still not done after polling: check it again later. */
  | { outcome: 'pending'; action: EndAction; subscription: ApiSubscription | null }
  | { outcome: 'failed'; action: EndAction | null; kind: ApiErrorKind | 'unexpected'; message: string };

export interface EndSubscriptionOptions {
  api: SubscriptionApi;
  clock: Clock;
  customerId: string;
  subscriptionId: string;
  /** The migration knows it was bought through another channel. */
  otherChannel: boolean;
  /** Users still on the retired license per the API's latest read (a license move's read-back); null: not read. */
  usersLeftOnRetired: number | null;
  /** The partner confirmed ending it although users are (or may be) left on the retired license. */
  override: boolean;
  signal?: AbortSignal;
}

interface ReadSubscription {
  raw: Record<string, unknown>;
  subscription: ApiSubscription;
  etag: string | null;
}

export function subscriptionPath(customerId: string, subscriptionId: string): string {
  return `/v1/customers/${encodeURIComponent(customerId)}/subscriptions/${encodeURIComponent(subscriptionId)}`;
}

function parsed(json: unknown, requestId: string): ReadSubscription {
  const subscription = parseSubscription(json);
  if (!subscription || typeof json !== 'object' || json === null) {
    throw new PartnerCenterError('bad-response', 200, 'subscription: not the documented shape', requestId);
  }
  const raw = json as Record<string, unknown>;
  const attributes = raw.attributes;
  const etag = typeof attributes === 'object' && attributes !== null ? (attributes as { etag?: unknown }).etag : null;
  return { raw, subscription, etag: typeof etag === 'string' && etag.length <= 200 ? etag : null };
}

async function read(options: EndSubscriptionOptions): Promise<ReadSubscription> {
  const answer = await options.api.send('GET', subscriptionPath(options.customerId, options.subscriptionId), options.signal ? { signal: options.signal } : {});
  return parsed(answer.json, answer.requestId);
}

const isDone = (action: EndAction, s: ApiSubscription) => (action === 'suspend' ? s.status?.toLowerCase() === 'suspended' : s.autoRenewEnabled === false);

/** A 202's Location as an API path; null when it points anywhere else (it is never followed off the API). */
function operationPath(location: string | null): string | null {
  if (!location) return null;
  let path = location;
  if (location.startsWith(`${PARTNER_CENTER_API_ORIGIN}/`)) path = location.slice(PARTNER_CENTER_API_ORIGIN.length);
  // Partner Center's links are relative to /v1 ("/customers/..."): give them back their version.
  if (path.startsWith('/') && !path.startsWith('/v1/') && !path.startsWith('//')) path = `/v1${path}`;
  const url = partnerCenterApiUrl(path);
  return url === null ? null : url.slice(PARTNER_CENTER_API_ORIGIN.length);
}

/** Suspends a legacy subscription, or turns a new-commerce one's auto-renew off, if the guard allows. */
export async function endSubscription(options: EndSubscriptionOptions): Promise<SubscriptionActionResult> {
  let action: EndAction | null = null;
  try {
    const before = await read(options);
    const offer = subscriptionEndOffer({
      offerId: before.subscription.offerId,
      status: before.subscription.status,
      autoRenewEnabled: before.subscription.autoRenewEnabled,
      otherChannel: options.otherChannel,
      usersLeftOnRetired: options.usersLeftOnRetired,
    });
    if (offer.verdict === 'none' && (offer.reason === 'already-suspended' || offer.reason === 'already-ending')) {
      return { outcome: 'already-done', action: offer.reason === 'already-suspended' ? 'suspend' : 'turn-off-auto-renew', subscription: before.subscription };
    }
    if (!endAllowed(offer, options.override)) return { outcome: 'not-offered', offer };
    const chosen: EndAction = offer.action;
    action = chosen;
    if (before.etag === null) throw new PartnerCenterError('bad-response', 200, 'subscription: no etag to send in If-Match', '');
    const body = chosen === 'suspend' ? { ...before.raw, status: 'suspended' } : { ...before.raw, autoRenewEnabled: false };
    let answer;
    try {
      answer = await options.api.send('PATCH', subscriptionPath(options.customerId, options.subscriptionId), {
        headers: { 'If-Match': before.etag },
        body,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (!(error instanceof PartnerCenterError && error.kind === 'conflict')) throw error;
      // Changed since it was read: say how it is now (perhaps already so: an earlier attempt applied).
      const now = await read(options);
      return isDone(chosen, now.subscription) ? { outcome: 'already-done', action: chosen, subscription: now.subscription } : { outcome: 'conflict', action: chosen, subscription: now.subscription };
    }
    if (answer.status === 202) return await poll(options, chosen, operationPath(answer.headers.get('location')), retryAfterMs(answer.headers, options.clock.now()));
    const after = answer.json === null ? await read(options) : parsed(answer.json, answer.requestId);
    return isDone(chosen, after.subscription) ? { outcome: 'done', action: chosen, subscription: after.subscription } : { outcome: 'conflict', action: chosen, subscription: after.subscription };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return error instanceof PartnerCenterError
      ? { outcome: 'failed', action, kind: error.kind, message: error.message.slice(0, 1_000) }
      : { outcome: 'failed', action, kind: 'unexpected', message: (error instanceof Error ? error.message : String(error)).slice(0, 1_000) };
  }
}

/** Follows a 202 until the operation is done (or, without a Location, until the subscription shows it). */
async function poll(options: EndSubscriptionOptions, action: EndAction, location: string | null, firstWait: number | null): Promise<SubscriptionActionResult> {
  let wait = firstWait;
  for (let polls = 0; polls < MAX_POLLS; polls += 1) {
    await options.clock.sleep(Math.max(POLL_MIN_MS, wait ?? 0), options.signal);
    if (location !== null) {
      const answer = await options.api.send('GET', location, options.signal ? { signal: options.signal } : {});
      if (answer.status === 202) {
        wait = retryAfterMs(answer.headers, options.clock.now());
        continue;
      }
    }
    const now = await read(options);
    if (isDone(action, now.subscription)) return { outcome: 'done', action, subscription: now.subscription };
    // The operation ended and the subscription is not so: show how it is now.
    if (location !== null) return { outcome: 'conflict', action, subscription: now.subscription };
  }
  return { outcome: 'pending', action, subscription: null };
}

/**
 * What to record in the migration after a write that went through: the end seen through the API
 * (a suspension, or auto-renew off with its term end, which the worker records as done at once),
 * preceded by the override as its request when the partner gave one. Auto-renew off also records
 * the end date it now expires on; without a real term end (missing, or the far-future placeholder)
 * there is no end to record and the partner ticks the step. `text` is the evidence in the UI language.
 */
export function endEvents(customerId: string, result: SubscriptionActionResult, override: boolean, today: string, text: string): MigrationEvent[] {
  if (result.outcome !== 'done' && result.outcome !== 'already-done') return [];
  const { subscription } = result;
  const evidence = { source: 'api', page: subscriptionPath(customerId, subscription.id), text } as const;
  const requested: MigrationEvent[] = override ? [{ type: 'suspend-requested', override: true }] : [];
  if (result.action === 'suspend') return [...requested, { type: 'suspend-detected', date: today, evidence }];
  const end = parseApiDate(subscription.commitmentEndDate);
  if (!end || isPlaceholderEndDate(end, today)) return [];
  return [...requested, { type: 'auto-renew-off-detected', date: today, endsOn: end, evidence }, { type: 'renewal-observed', renewal: { kind: 'expires', date: end } }];
}
