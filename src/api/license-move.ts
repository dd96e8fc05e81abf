/**
 * "Move N users from <retired license> to <new license>" through the Partner Center API.
 *
 * 1. readLicenseMoveInputs: the customer's users (paged), each user's licenses, its subscribed SKUs;
 *    planLicenseMove (src/core/license-move-plan.ts) turns them into the preview.
 * 2. runLicenseMove: one `POST /customers/{id}/users/{uid}/licenseupdates` per user (target assigned
 *    and retired removed in the same request), through the client's shared throttling rule, a few
 *    users at a time; cancellable; per-user results as they settle.
 * 3. The holders' licenses are read back: the run ends with a verified summary, which
 *    reassignEvent turns into the migration's reassign evidence.
 *
 * Nothing is done twice: each user is sent at most one request, except after an answer that says
 * nothing about whether it was applied (5xx, no answer), where the user's licenses are read first and
 * the request is sent again only if it clearly was not. A rerun plans from a fresh read, so it only
 * touches users still on the retired license.
 */
import type { LicenseMovePlan, LicenseUserWithSkus, PlannedMove, SubscribedSku } from '../core/license-move-plan.ts';
import { usersAfterApiMove, verifyLicenseMove, type LicenseMoveVerification } from '../core/license-move-plan.ts';
import type { MigrationEvent, UsersCount } from '../core/migration.ts';
import type { Clock } from './clock.ts';
import { PartnerCenterError, type ApiErrorKind, type PartnerCenterClient } from './partner-center-client.ts';
import { parseLicense, parsePage, parseSubscribedSku, parseUser, type ApiUser } from './partner-center-types.ts';

export type LicenseApi = Pick<PartnerCenterClient, 'send'>;

/** Partner Center's "you've run out of licenses" (400). */
export const OUT_OF_LICENSES = '60012';

const USERS_PAGE = 500;
/** 200 pages of 500: beyond any real tenant's users; a listing that goes on is broken. */
const MAX_USER_PAGES = 200;
const MAX_EMPTY_PAGES = 3;
/** Users read or moved at the same time; the client's limiter still caps requests in flight. */
const WORKERS = 4;
/** A license change can take a moment to show: a read-back that disagrees is checked once more after this. */
const RECHECK_MS = 5_000;

const customerPath = (customerId: string) => `/v1/customers/${encodeURIComponent(customerId)}`;

function badResponse(what: string, problem: string, requestId: string): PartnerCenterError {
  return new PartnerCenterError('bad-response', 200, `${what}: ${problem}`, requestId);
}

export async function listUsers(api: LicenseApi, customerId: string, signal?: AbortSignal): Promise<ApiUser[]> {
  const users: ApiUser[] = [];
  let token: string | null = null;
  let empty = 0;
  for (let pages = 0; ; pages += 1) {
    if (pages >= MAX_USER_PAGES) throw badResponse('users', `more than ${MAX_USER_PAGES} pages`, '');
    const query = token ? `?size=${USERS_PAGE}&seekOperation=next` : `?size=${USERS_PAGE}`;
    const answer = await api.send('GET', `${customerPath(customerId)}/users${query}`, {
      headers: token ? { 'MS-ContinuationToken': token } : {},
      ...(signal ? { signal } : {}),
    });
    const page = parsePage(answer.json, parseUser);
    if (!page.ok) throw badResponse('users', page.problem, answer.requestId);
    users.push(...page.value.items);
    const next = page.value.continuationToken;
    if (next === null || next === token) return users;
    empty = page.value.items.length === 0 ? empty + 1 : 0;
    if (empty >= MAX_EMPTY_PAGES) throw badResponse('users', `${empty} empty pages in a row`, answer.requestId);
    token = next;
  }
}

export async function userLicenses(api: LicenseApi, customerId: string, userId: string, signal?: AbortSignal) {
  const answer = await api.send('GET', `${customerPath(customerId)}/users/${encodeURIComponent(userId)}/licenses`, signal ? { signal } : {});
  const page = parsePage(answer.json, parseLicense);
  if (!page.ok) throw badResponse('licenses', page.problem, answer.requestId);
  return page.value.items;
}

export async function subscribedSkus(api: LicenseApi, customerId: string, signal?: AbortSignal): Promise<SubscribedSku[]> {
  const answer = await api.send('GET', `${customerPath(customerId)}/subscribedskus`, signal ? { signal } : {});
  const page = parsePage(answer.json, parseSubscribedSku);
  if (!page.ok) throw badResponse('subscribed SKUs', page.problem, answer.requestId);
  return page.value.items;
}

/**
 * Runs `task` over `items` with a few workers. Returns once every started task has ended (none is
 * left running behind the caller's back); the first error stops the others from starting a new item
 * and is thrown, as is the signal's reason once it aborts. `halt` stops starting new items quietly.
 */
async function pool<T>(items: readonly T[], workers: number, signal: AbortSignal | undefined, task: (item: T) => Promise<void>, halt: () => boolean = () => false): Promise<void> {
  const queue = [...items];
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && !signal?.aborted && !halt()) {
      const next = queue.shift();
      if (next === undefined) return;
      try {
        await task(next);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, worker));
  signal?.throwIfAborted();
  if (failure !== null) throw (failure as { error: unknown }).error;
}

/**
 * Everything the preview needs. A user deleted between the listing and the read of their licenses
 * (404) is left out; any other failure is the read's failure.
 */
export async function readLicenseMoveInputs(
  api: LicenseApi,
  customerId: string,
  options: { signal?: AbortSignal; onProgress?(read: number, total: number): void } = {},
): Promise<{ users: LicenseUserWithSkus[]; skus: SubscribedSku[] }> {
  const { signal } = options;
  const [accounts, skus] = await Promise.all([listUsers(api, customerId, signal), subscribedSkus(api, customerId, signal)]);
  const byId = new Map<string, LicenseUserWithSkus>();
  let read = 0;
  await pool(accounts, WORKERS, signal, async (account) => {
    try {
      const licenses = await userLicenses(api, customerId, account.id, signal);
      byId.set(account.id, {
        userId: account.id,
        displayName: account.displayName,
        userPrincipalName: account.userPrincipalName,
        skuIds: licenses.map((l) => l.skuId),
        licenses,
      });
    } catch (error) {
      if (!(error instanceof PartnerCenterError && error.kind === 'not-found')) throw error;
    }
    options.onProgress?.((read += 1), accounts.length);
  });
  // In the listing's order, whatever order the reads finished in.
  const users = accounts.map((a) => byId.get(a.id)).filter((u): u is LicenseUserWithSkus => u !== undefined);
  return { users, skus };
}

/** How one user's move ended; each has its message with what to do (license_move_outcome_* keys). */
export type UserMoveOutcome =
  /** On the target and off the retired license (verified by the read-back when the run finished). */
  | 'moved'
  /** 60012: the target has no free unit left. Buy more, then run the move again. */
  | 'out-of-licenses'
  /** The user no longer exists. */
  | 'user-not-found'
  /** 409/412: the user's licenses changed meanwhile. Run the move again (it reads them afresh). */
  | 'conflict'
  /** Still throttled after the retry rule gave up. Run the move again later. */
  | 'throttled'
  /** Partner Center failed (5xx) or did not answer, and the change was not applied. */
  | 'unavailable'
  /** Partner Center refused the change (another 4xx); its description says why. */
  | 'refused'
  /** Accepted, but the read-back still shows the retired license. */
  | 'not-applied'
  /** The read-back shows neither license: the user has lost access. Check them in Partner Center. */
  | 'lost-both'
  /** Cancelled while its request was on the way: whether it was applied is unknown until a rerun reads it. */
  | 'interrupted'
  /** Never sent: the run was cancelled or stopped first. */
  | 'not-sent';

const OUTCOMES: Record<UserMoveOutcome, null> = {
  moved: null,
  'out-of-licenses': null,
  'user-not-found': null,
  conflict: null,
  throttled: null,
  unavailable: null,
  refused: null,
  'not-applied': null,
  'lost-both': null,
  interrupted: null,
  'not-sent': null,
};
/** Every outcome at run time (the Record makes the compiler check none is missing): each has its message. */
export const USER_MOVE_OUTCOMES = Object.keys(OUTCOMES) as UserMoveOutcome[];

/** The i18n key of an outcome's message, which says what to do ('refused' takes Partner Center's detail as $1). */
export const outcomeMessageKey = (outcome: UserMoveOutcome) => `license_move_outcome_${outcome.replace(/-/g, '_')}`;

export interface UserMoveResult {
  userId: string;
  displayName: string;
  userPrincipalName: string | null;
  outcome: UserMoveOutcome;
  /** Partner Center's own description (a refusal, a license warning), when it gave one. */
  detail: string | null;
}

export interface LicenseMoveProgress {
  /** Users settled so far, of `total`. */
  done: number;
  total: number;
  results: readonly UserMoveResult[];
}

export interface LicenseMoveRun {
  /** 'done' (every user sent and read back), 'cancelled' (by the partner), 'stopped' (see stopReason). */
  state: 'done' | 'cancelled' | 'stopped';
  /** Why the run stopped: the session or sign-in ended, or the signed-in user may not change licenses. */
  stopReason: { kind: ApiErrorKind | 'unexpected'; message: string } | null;
  /** One per planned move, in the plan's order. */
  results: UserMoveResult[];
  /** The read-back; null unless the run is 'done'. */
  verification: LicenseMoveVerification | null;
  /** ISO time of the read-back. */
  verifiedAt: string | null;
}

/** Errors that end the whole run: every other user would meet them too. */
const RUN_STOPPERS: ReadonlySet<ApiErrorKind> = new Set<ApiErrorKind>(['unauthorized', 'forbidden', 'session-unavailable', 'session-expired', 'session-refused']);

function outcomeOf(error: PartnerCenterError): UserMoveOutcome {
  if (error.code === OUT_OF_LICENSES) return 'out-of-licenses';
  switch (error.kind) {
    case 'not-found':
      return 'user-not-found';
    case 'conflict':
      return 'conflict';
    case 'throttled':
      return 'throttled';
    case 'server':
    case 'network':
      return 'unavailable';
    default:
      return 'refused';
  }
}

function licenseUpdate(move: PlannedMove) {
  return {
    licensesToAssign: move.assign.map((skuId) => ({ skuId, excludedPlans: null })),
    licensesToRemove: move.remove,
    attributes: { objectType: 'LicenseUpdate' },
  };
}

/** The first license warning of a 201, if any (e.g. a service plan that could not be enabled). */
function firstWarning(json: unknown): string | null {
  const warnings = typeof json === 'object' && json !== null ? (json as { licenseWarnings?: unknown }).licenseWarnings : null;
  const first: unknown = Array.isArray(warnings) ? warnings[0] : null;
  const message = typeof first === 'object' && first !== null ? (first as { message?: unknown }).message : null;
  return typeof message === 'string' ? message.slice(0, 500) : null;
}

export interface RunLicenseMoveOptions {
  api: LicenseApi;
  customerId: string;
  plan: LicenseMovePlan;
  clock: Clock;
  /** Cancels: requests on the way are abandoned (their users are 'interrupted'), no new one is sent. */
  signal: AbortSignal;
  workers?: number;
  onProgress?(progress: LicenseMoveProgress): void;
}

type Settled = Pick<UserMoveResult, 'outcome' | 'detail'>;

export async function runLicenseMove(options: RunLicenseMoveOptions): Promise<LicenseMoveRun> {
  const { api, customerId, plan, signal } = options;
  const workers = options.workers ?? WORKERS;
  const results = new Map<string, UserMoveResult>();
  let stopReason: LicenseMoveRun['stopReason'] = null;
  let outOfLicenses = false;

  const resultOf = (move: PlannedMove, settled: Settled): UserMoveResult => {
    const { userId, displayName, userPrincipalName } = move.user;
    return { userId, displayName, userPrincipalName, ...settled };
  };
  const send = (move: PlannedMove) =>
    api.send('POST', `${customerPath(customerId)}/users/${encodeURIComponent(move.user.userId)}/licenseupdates`, {
      body: licenseUpdate(move),
      signal,
      retryServerErrors: false,
    });
  /** After an answer that says nothing (5xx, no answer): is the change there? null when that cannot be read either. */
  const applied = async (move: PlannedMove): Promise<boolean | null> => {
    try {
      const now = (await userLicenses(api, customerId, move.user.userId, signal)).map((l) => l.skuId);
      return !now.includes(plan.retired.skuId) && move.assign.every((skuId) => now.includes(skuId));
    } catch (error) {
      if (error instanceof PartnerCenterError && !RUN_STOPPERS.has(error.kind)) return null;
      throw error;
    }
  };

  /** One user: at most one request, or two when the first answer said nothing and the read showed it was not applied. */
  const moveOne = async (move: PlannedMove): Promise<Settled> => {
    // Once the target ran out, a request that needs a unit would only be refused the same way.
    if (outOfLicenses && move.assign.length > 0) return { outcome: 'out-of-licenses', detail: null };
    for (let attempt = 1; ; attempt += 1) {
      try {
        return { outcome: 'moved', detail: firstWarning((await send(move)).json) };
      } catch (error) {
        if (!(error instanceof PartnerCenterError) || RUN_STOPPERS.has(error.kind)) throw error;
        const outcome = outcomeOf(error);
        if (outcome === 'unavailable' && attempt === 1) {
          const done = await applied(move);
          if (done === true) return { outcome: 'moved', detail: null };
          if (done === false) continue; // clearly not applied: sending it again cannot do it twice
        }
        if (outcome === 'out-of-licenses') outOfLicenses = true;
        return { outcome, detail: outcome === 'refused' || outcome === 'out-of-licenses' ? error.message.slice(0, 500) : null };
      }
    }
  };

  const settle = (move: PlannedMove, settled: Settled) => {
    results.set(move.user.userId, resultOf(move, settled));
    options.onProgress?.({ done: results.size, total: plan.moves.length, results: [...results.values()] });
  };
  try {
    await pool(
      plan.moves,
      workers,
      signal,
      async (move) => {
        try {
          settle(move, await moveOne(move));
        } catch (error) {
          if (signal.aborted) {
            settle(move, { outcome: 'interrupted', detail: null });
            return;
          }
          // The session ended or the user may not change licenses: every other user would fail alike.
          stopReason ??=
            error instanceof PartnerCenterError
              ? { kind: error.kind, message: error.message.slice(0, 1_000) }
              : { kind: 'unexpected', message: (error instanceof Error ? error.message : String(error)).slice(0, 1_000) };
        }
      },
      () => stopReason !== null,
    );
  } catch {
    // Cancelled: what settled is kept, users not reached are 'not-sent'.
  }
  const ordered = plan.moves.map((m) => results.get(m.user.userId) ?? resultOf(m, { outcome: 'not-sent', detail: null }));
  if (signal.aborted) return { state: 'cancelled', stopReason: null, results: ordered, verification: null, verifiedAt: null };
  if (stopReason !== null) return { state: 'stopped', stopReason, results: ordered, verification: null, verifiedAt: null };

  const sentMoved = new Set(ordered.filter((r) => r.outcome === 'moved').map((r) => r.userId));
  let verification: LicenseMoveVerification;
  try {
    verification = await readBack(options, sentMoved);
  } catch (error) {
    if (signal.aborted) return { state: 'cancelled', stopReason: null, results: ordered, verification: null, verifiedAt: null };
    const reason = error instanceof PartnerCenterError ? { kind: error.kind, message: error.message.slice(0, 1_000) } : { kind: 'unexpected' as const, message: String(error).slice(0, 1_000) };
    return { state: 'stopped', stopReason: reason, results: ordered, verification: null, verifiedAt: null };
  }
  const verifiedAt = new Date(options.clock.now()).toISOString();
  const stillOnRetired = new Set(verification.stillOnRetired);
  const withoutEither = new Set(verification.withoutEither);
  const gone = new Set(verification.gone);
  const final = ordered.map((result): UserMoveResult => {
    if (gone.has(result.userId)) return result.outcome === 'moved' ? result : { ...result, outcome: 'user-not-found' };
    if (stillOnRetired.has(result.userId)) return result.outcome === 'moved' ? { ...result, outcome: 'not-applied' } : result;
    if (withoutEither.has(result.userId)) return { ...result, outcome: 'lost-both' };
    // Off the retired license and on the target: moved, whatever the answer said (a 5xx that had applied it).
    return { ...result, outcome: 'moved' };
  });
  return { state: 'done', stopReason: null, results: final, verification, verifiedAt };
}

/**
 * Reads the holders' licenses back. A user whose request was accepted but who does not show the
 * change yet is read once more after RECHECK_MS: the change can take a moment to show.
 */
async function readBack(options: RunLicenseMoveOptions, answeredMoved: ReadonlySet<string>): Promise<LicenseMoveVerification> {
  const { api, customerId, plan, signal } = options;
  const target = plan.target?.skuId ?? '';
  const read = async (users: readonly LicenseUserWithSkus[]) => {
    const now = new Map<string, string[]>();
    await pool(users, options.workers ?? WORKERS, signal, async (user) => {
      try {
        now.set(
          user.userId,
          (await userLicenses(api, customerId, user.userId, signal)).map((l) => l.skuId),
        );
      } catch (error) {
        if (!(error instanceof PartnerCenterError && error.kind === 'not-found')) throw error;
      }
    });
    return users.flatMap((u) => {
      const skuIds = now.get(u.userId);
      return skuIds === undefined ? [] : [{ ...u, skuIds }];
    });
  };
  const check = (users: readonly LicenseUserWithSkus[]) => verifyLicenseMove({ moves: plan.moves, retired: plan.retired, targetSkuId: target }, users);
  let users = await read(plan.holders);
  let verification = check(users);
  const late = new Set([...verification.stillOnRetired, ...verification.withoutEither].filter((id) => answeredMoved.has(id)));
  if (late.size > 0) {
    await options.clock.sleep(RECHECK_MS, signal);
    const again = new Map((await read(plan.holders.filter((u) => late.has(u.userId)))).map((u) => [u.userId, u]));
    users = users.map((u) => again.get(u.userId) ?? u);
    verification = check(users);
  }
  return verification;
}

/**
 * The reassign step's progress from a run, for `migration/apply`: the tracker's "n of N users moved"
 * carried on from `previous` (usersAfterApiMove), and the partner-readable text the caller builds in
 * the UI language: license_move_evidence ("38 of 38 users moved through the API, verified at …") for
 * a run read back, license_move_progress for one cancelled or stopped before (its users answered
 * "moved" count as moved; the others as still on the retired license until a rerun reads them).
 * Null when nothing was moved and nothing read back.
 */
export function reassignEvent(
  customerId: string,
  plan: Pick<LicenseMovePlan, 'holders'>,
  run: LicenseMoveRun,
  previous: UsersCount | null,
  text: string,
): Extract<MigrationEvent, { type: 'users-progress' }> | null {
  const answeredMoved = run.results.filter((r) => r.outcome === 'moved').length;
  if (run.verification === null && answeredMoved === 0) return null;
  const leftAfter = run.verification?.usersLeftOnRetired ?? plan.holders.length - answeredMoved;
  const users = usersAfterApiMove(previous, { holdersBefore: plan.holders.length, leftAfter });
  return { type: 'users-progress', ...users, evidence: { source: 'api', page: `${customerPath(customerId)}/users`, text } };
}
