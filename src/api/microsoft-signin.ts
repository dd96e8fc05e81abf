/**
 * Microsoft sign-in for the Partner Center API, in an extension page only (msal needs `window`;
 * the worker and content scripts never hold tokens). The flow is the one verified in
 * shared/notes/msal-signin.md: msal builds the authorize URL without navigating (onRedirectNavigate
 * in the *auth config*, v5), chrome.identity.launchWebAuthFlow shows Microsoft's page, and msal
 * redeems the returned hash (handleRedirectPromise takes an *object* in v5).
 *
 * Where tokens live: msal's localStorage cache, encrypted, with its key in storage.session through
 * the cookie jar (memory only, extension pages only). Tokens are never sent to the worker, never
 * written to storage.local or IndexedDB, and msal's logger is silenced.
 */
import { CacheLookupPolicy, LogLevel, PublicClientApplication, type AccountInfo } from '@azure/msal-browser';
import { browser } from '../platform/browser.ts';
import { PARTNER_CENTER_SCOPE, type AppRegistration } from './app-registration.ts';
import { installSessionCookieJar } from './session-cookie-jar.ts';
import { redirectUri } from './microsoft-redirect-uri.ts';

export { redirectUri };

export const LOGIN_HOST = 'https://login.microsoftonline.com';
const SCOPES = [PARTNER_CENTER_SCOPE];

export interface SignedInAccount {
  username: string;
  name: string | null;
  tenantId: string;
}

function toAccount(account: AccountInfo): SignedInAccount {
  return { username: account.username, name: account.name ?? null, tenantId: account.tenantId };
}

export class MicrosoftSignIn {
  readonly registration: AppRegistration;
  readonly #pca: PublicClientApplication;
  readonly #captured: { url: string | null };

  private constructor(registration: AppRegistration, pca: PublicClientApplication, captured: { url: string | null }) {
    this.registration = registration;
    this.#pca = pca;
    this.#captured = captured;
  }

  static async create(registration: AppRegistration): Promise<MicrosoftSignIn> {
    await installSessionCookieJar(browser.storage.session, browser.storage.onChanged);
    const captured: { url: string | null } = { url: null };
    const pca = new PublicClientApplication({
      auth: {
        clientId: registration.clientId,
        authority: `${LOGIN_HOST}/${encodeURIComponent(registration.tenant)}`,
        redirectUri: redirectUri(),
        // v5 honours this only here, not per request: capture the URL, never navigate the page.
        onRedirectNavigate: (url) => {
          captured.url = url;
          return false;
        },
      },
      cache: { cacheLocation: 'localStorage' },
      system: { loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined } },
    });
    await pca.initialize();
    const instance = new MicrosoftSignIn(registration, pca, captured);
    const [first] = pca.getAllAccounts();
    if (!pca.getActiveAccount() && first) pca.setActiveAccount(first);
    return instance;
  }

  account(): SignedInAccount | null {
    const account = this.#pca.getActiveAccount();
    return account ? toAccount(account) : null;
  }

  /** Interactive sign-in in the browser's own auth window. Rejects with what went wrong (classify it). */
  async signIn(): Promise<SignedInAccount> {
    this.#captured.url = null;
    try {
      await this.#pca.acquireTokenRedirect({ scopes: SCOPES, prompt: 'select_account' });
      const url = this.#captured.url;
      if (!url) throw new Error('msal did not produce an authorize URL');
      const responseUrl = await browser.identity.launchWebAuthFlow({ url, interactive: true });
      const result = await this.#pca.handleRedirectPromise({ hash: new URL(responseUrl).hash, navigateToLoginRequestUrl: false });
      if (!result?.account) throw new Error('The sign-in returned no account.');
      this.#pca.setActiveAccount(result.account);
      return toAccount(result.account);
    } catch (error) {
      await this.#resetInteraction();
      throw error;
    }
  }

  /**
   * A token from the cache, refreshed with the refresh token when needed; never interactive.
   * Rejects (msal's InteractionRequiredAuthError...) when the partner must sign in again.
   */
  async accessToken(forceRefresh = false): Promise<string> {
    const account = this.#pca.getActiveAccount();
    if (!account) throw Object.assign(new Error('Not signed in.'), { errorCode: 'no_account_error' });
    const result = await this.#pca.acquireTokenSilent({
      scopes: SCOPES,
      account,
      forceRefresh,
      // Without it a rejected refresh token falls back to a hidden iframe that never finishes here.
      cacheLookupPolicy: forceRefresh ? CacheLookupPolicy.RefreshToken : CacheLookupPolicy.AccessTokenAndRefreshToken,
    });
    return result.accessToken;
  }

  /** Forgets the account and every token in this browser. */
  async signOut(): Promise<void> {
    const account = this.#pca.getActiveAccount();
    await this.#pca.clearCache(account ? { account } : undefined);
    this.#pca.setActiveAccount(null);
  }

  /**
   * A cancelled or failed sign-in leaves msal "interaction in progress" for every later attempt;
   * a unique dummy hash settles it (the promise is memoised per hash).
   */
  async #resetInteraction(): Promise<void> {
    try {
      await this.#pca.handleRedirectPromise({ hash: `#cancelled=${crypto.randomUUID()}`, navigateToLoginRequestUrl: false });
    } catch {
      /* nothing to settle */
    }
  }
}
