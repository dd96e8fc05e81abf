/**
 * Which way the dashboard reaches the Partner Center API, and what is missing when it cannot. Pure.
 *
 * Two modes: the partner's own Partner Center session (a signed-in Partner Center tab lends its
 * token through the worker: no app registration needed), or a Microsoft sign-in with the partner's
 * app registration (msal). Unless the partner picked one, the session is used whenever a signed-in
 * Partner Center tab is open, else the Microsoft sign-in once an app registration is set up.
 */
import type { SessionStatus } from '../../messages.ts';

export type ApiMode = 'session' | 'microsoft';

export interface ApiModeFacts {
  /** The partner's pick; null: let SKU Shift choose. */
  preferred: ApiMode | null;
  /** The worker's last answer to api/session-status; null until it answers. */
  session: SessionStatus | null;
  /** An app registration is saved (undefined: settings not read yet). */
  registered: boolean | undefined;
  /** Signed in with Microsoft, with a token to be had. */
  signedIn: boolean;
}

/** What stands between the active mode and a call. */
export type ApiModeMissing =
  /** Not known yet (settings or the session status still on their way). */
  | 'checking'
  /** Session: no Partner Center tab is open. */
  | 'no-tab'
  /** Session: Partner Center is open but not signed in. */
  | 'signed-out'
  /** Microsoft: no app registration saved. */
  | 'no-registration'
  /** Microsoft: registered, not signed in. */
  | 'not-signed-in';

export type ApiModeState =
  | { mode: ApiMode; ready: true }
  /** `neither`: the partner left the choice to SKU Shift and no mode is available. */
  | { mode: ApiMode | null; ready: false; missing: ApiModeMissing; neither: boolean };

export function apiModeState(facts: ApiModeFacts): ApiModeState {
  if (facts.registered === undefined || (facts.session === null && facts.preferred !== 'microsoft')) {
    return { mode: facts.preferred, ready: false, missing: 'checking', neither: false };
  }
  const sessionMissing: ApiModeMissing | null = facts.session === 'available' ? null : facts.session === 'signed-out' ? 'signed-out' : 'no-tab';
  const microsoftMissing: ApiModeMissing | null = !facts.registered ? 'no-registration' : facts.signedIn ? null : 'not-signed-in';
  const mode: ApiMode = facts.preferred ?? (sessionMissing === null || !facts.registered ? 'session' : 'microsoft');
  const missing = mode === 'session' ? sessionMissing : microsoftMissing;
  if (missing === null) return { mode, ready: true };
  return { mode, ready: false, missing, neither: facts.preferred === null && sessionMissing !== null && microsoftMissing !== null };
}
