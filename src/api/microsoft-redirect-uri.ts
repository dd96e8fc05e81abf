/**
 * The redirect URI to register for Microsoft sign-in (./microsoft-signin.ts), apart from the sign-in
 * itself: the scan panel shows it before anyone signs in, and showing it must not load msal.
 */
import { browser } from '../platform/browser.ts';

/** The redirect URI to register (as a single-page application) for the browser in use. */
export function redirectUri(): string {
  return browser.identity.getRedirectURL();
}
