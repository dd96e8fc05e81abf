/**
 * Every way a sign-in or a first API call can fail, reduced to a reason the partner can act on.
 * Inputs are what really arrives: chrome.identity's rejections ("The user did not approve access."),
 * msal errors (errorCode, subError, errorMessage with Entra's AADSTS code), and the API's 401/403.
 * Pure; the UI maps each reason to a localized message (`signin_error_<reason>`).
 */

export type SignInProblem =
  | 'cancelled' // the partner closed the window or declined
  | 'consent-required' // an admin must grant the app the Partner Center permission
  | 'mfa-required' // Partner Center requires MFA; the account has not completed it
  | 'redirect-uri-mismatch' // the redirect URI shown in settings is not registered on the app
  | 'spa-platform-required' // registered, but not as a single-page application (PKCE from a browser)
  | 'app-not-found' // the client id is not an app in that tenant
  | 'tenant-not-found'
  | 'account-not-in-tenant'
  | 'no-partner-role' // signed in, but Partner Center refuses the user (403)
  | 'session-expired' // the silent refresh failed: sign in again
  | 'network' // the sign-in page or the token endpoint could not be reached
  | 'not-configured'
  | 'unknown';

export interface ClassifiedProblem {
  problem: SignInProblem;
  /** Entra's AADSTS code when there was one: partners quote it to their admin or to support. */
  aadsts: string | null;
}

/** The Entra codes that mean something specific to the partner. */
const AADSTS: Record<string, SignInProblem> = {
  '65001': 'consent-required',
  '65004': 'cancelled',
  '90094': 'consent-required',
  '90095': 'consent-required',
  '50076': 'mfa-required',
  '50079': 'mfa-required',
  '50074': 'mfa-required',
  '50072': 'mfa-required',
  '50158': 'mfa-required',
  '50011': 'redirect-uri-mismatch',
  '500113': 'redirect-uri-mismatch',
  '9002326': 'spa-platform-required',
  '9002327': 'spa-platform-required',
  '700016': 'app-not-found',
  '90002': 'tenant-not-found',
  '900023': 'tenant-not-found',
  '50020': 'account-not-in-tenant',
  '50034': 'account-not-in-tenant',
  '700082': 'session-expired',
  '50173': 'session-expired',
  '50133': 'session-expired',
  '70000': 'session-expired',
  '70008': 'session-expired',
};

interface ErrorLike {
  errorCode?: unknown;
  subError?: unknown;
  errorMessage?: unknown;
  message?: unknown;
  kind?: unknown;
  status?: unknown;
}

export function classifySignInError(error: unknown): ClassifiedProblem {
  const e: ErrorLike = typeof error === 'object' && error !== null ? error : { message: String(error) };
  const code = typeof e.errorCode === 'string' ? e.errorCode : '';
  const sub = typeof e.subError === 'string' ? e.subError : '';
  const text = [e.errorMessage, e.message].filter((m): m is string => typeof m === 'string').join(' ');
  const aadsts = /AADSTS(\d{4,7})/.exec(text)?.[1] ?? null;
  const result = (problem: SignInProblem): ClassifiedProblem => ({ problem, aadsts });

  // The Partner Center API itself (PartnerCenterError).
  if (e.kind === 'forbidden' || e.status === 403) return result('no-partner-role');
  if (e.kind === 'unauthorized') return result('session-expired');

  if (aadsts && AADSTS[aadsts]) return result(AADSTS[aadsts]);

  // chrome.identity.launchWebAuthFlow (Chrome, Edge) and browser.identity (Firefox).
  if (/did not approve access|user cancelled|canceled|cancelled|denied access/i.test(text) || code === 'user_cancelled') {
    return result('cancelled');
  }
  if (/could not be loaded|authorization page/i.test(text)) return result('network');

  if (code === 'consent_required' || sub === 'consent_required') return result('consent-required');
  if (code === 'access_denied') return result('cancelled');
  if (code === 'interaction_required' || code === 'login_required' || code === 'no_tokens_found' || code === 'refresh_token_expired' || code === 'invalid_grant') {
    return result('session-expired');
  }
  if (code === 'no_network_connectivity' || code === 'post_request_failed' || code === 'network_error' || /failed to fetch|networkerror/i.test(text)) {
    return result('network');
  }
  if (e.kind === 'network') return result('network');
  return result('unknown');
}
