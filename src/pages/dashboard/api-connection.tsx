/**
 * The dashboard's one way to the Partner Center API, shared by the scan panel and every customer's
 * API actions: the mode (src/pages/dashboard/api-mode.ts), the Partner Center session's status as
 * the worker sees it, the Microsoft sign-in (registration, msal, account), and a client for the
 * active mode. Both transports give the same PartnerCenterClient, so the scan, the license move and
 * the subscription writes do not know which one they run on.
 *
 * Session mode: every call is relayed by the worker with the token of a signed-in Partner Center
 * tab; this page never sees it. Microsoft mode: msal's tokens stay in this page.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { AppRegistration } from '../../api/app-registration.ts';
import { realClock } from '../../api/clock.ts';
import type { MicrosoftSignIn, SignedInAccount } from '../../api/microsoft-signin.ts';
import { PartnerCenterClient, PartnerCenterError } from '../../api/partner-center-client.ts';
import { sessionClient } from '../../api/session-transport.ts';
import { classifySignInError, type ClassifiedProblem } from '../../api/signin-errors.ts';
import type { SessionStatus } from '../../messages.ts';
import { send } from '../shared/worker-client.ts';
import { apiModeState, type ApiMode, type ApiModeState } from './api-mode.ts';

/** How often the session is checked again: soon while missing (the partner is signing in), rarely once there. */
const SESSION_RECHECK_MS = { missing: 5_000, available: 30_000 };

export interface ApiConnection {
  state: ApiModeState;
  /** The partner picks a way (for this page's life); until then SKU Shift chooses (api-mode.ts). */
  choose(mode: ApiMode): void;
  session: SessionStatus | null;
  /** Asks the worker again now (after a session error, or when the partner is back on this tab). */
  refreshSession(): void;
  /** undefined until the settings are read. */
  registration: AppRegistration | null | undefined;
  /** The organisation sets the registration (a browser policy): shown, not editable. */
  registrationManaged: boolean;
  saveRegistration(next: AppRegistration): Promise<void>;
  account: SignedInAccount | null;
  /** The msal client exists (the "Sign in" button can work). */
  canSignIn: boolean;
  signingIn: boolean;
  signInProblem: ClassifiedProblem | null;
  clearSignInProblem(): void;
  signIn(): Promise<void>;
  signOut(): Promise<void>;
  /** A call met an expired Microsoft sign-in: show "Sign in" again. */
  signInNeeded(): void;
  /** A client for the active mode; null when it is not ready. */
  client(correlationId?: string): PartnerCenterClient | null;
}

const Connection = createContext<ApiConnection | null>(null);

export function useApiConnection(): ApiConnection {
  const connection = useContext(Connection);
  if (!connection) throw new Error('useApiConnection outside ApiConnectionProvider');
  return connection;
}

/** The Partner Center client of a Microsoft sign-in: tokens from msal, fetch straight to the API. */
function microsoftClient(signIn: MicrosoftSignIn, correlationId: string | undefined): PartnerCenterClient {
  return new PartnerCenterClient({
    fetch: (url, init) => fetch(url, { ...init, cache: 'no-store', credentials: 'omit' }),
    clock: realClock,
    correlationId,
    getAccessToken: async (forceRefresh) => {
      try {
        return await signIn.accessToken(forceRefresh);
      } catch (error) {
        // The refresh failed (revoked, expired): the partner must sign in again, then go on.
        const message = error instanceof Error ? error.message : 'sign-in needed';
        throw new PartnerCenterError('unauthorized', null, message.slice(0, 300), correlationId ?? '');
      }
    },
  });
}

function useSessionStatus(): { session: SessionStatus | null; refresh(): void } {
  const [session, setSession] = useState<SessionStatus | null>(null);
  const check = useRef<() => void>(() => undefined);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let asking = false;
    const ask = async () => {
      clearTimeout(timer);
      if (asking) return;
      asking = true;
      let status: SessionStatus;
      try {
        status = (await send({ kind: 'api/session-status' })).status;
      } catch {
        status = 'no-tab';
      } finally {
        asking = false;
      }
      if (!live) return;
      setSession(status);
      // A hidden dashboard does not need to know: it asks again when it is shown.
      if (document.visibilityState === 'visible') timer = setTimeout(() => void ask(), status === 'available' ? SESSION_RECHECK_MS.available : SESSION_RECHECK_MS.missing);
    };
    check.current = () => void ask();
    const onShown = () => {
      if (document.visibilityState === 'visible') void ask();
    };
    document.addEventListener('visibilitychange', onShown);
    window.addEventListener('focus', onShown);
    void ask();
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onShown);
      window.removeEventListener('focus', onShown);
    };
  }, []);
  return { session, refresh: useCallback(() => check.current(), []) };
}

export function ApiConnectionProvider({ children }: { children: ComponentChildren }) {
  const { session, refresh: refreshSession } = useSessionStatus();
  const [preferred, setPreferred] = useState<ApiMode | null>(null);
  const [registration, setRegistration] = useState<AppRegistration | null | undefined>(undefined);
  const [registrationManaged, setRegistrationManaged] = useState(false);
  const [msal, setMsal] = useState<MicrosoftSignIn | null>(null);
  const [account, setAccount] = useState<SignedInAccount | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const [signInProblem, setSignInProblem] = useState<ClassifiedProblem | null>(null);

  useEffect(() => {
    send({ kind: 'managed/get' }).then(
      (policy) => setRegistrationManaged(policy.settings.appRegistration !== undefined),
      () => setRegistrationManaged(false),
    );
    send({ kind: 'settings/get' }).then(
      (settings) => setRegistration(settings.appRegistration),
      (error: unknown) => {
        setRegistration(null);
        setSignInProblem(classifySignInError(error));
      },
    );
  }, []);

  // A sign-in client for the saved registration; the account comes back from the shared cache.
  useEffect(() => {
    setMsal(null);
    setAccount(null);
    if (!registration) return;
    let live = true;
    // msal is loaded only for a saved registration, after the page is shown (it is most of the page's code).
    void import('../../api/microsoft-signin.ts')
      .then(({ MicrosoftSignIn }) => MicrosoftSignIn.create(registration))
      .then(
        async (instance) => {
          if (!live) return;
          setMsal(instance);
          const cached = instance.account();
          if (cached) {
            // After a browser restart the cache key is gone: the account may be listed but unusable.
            try {
              await instance.accessToken(false);
            } catch (error) {
              if (live) setSignInProblem(classifySignInError(error));
              return;
            }
          }
          if (live) setAccount(cached);
        },
        (error: unknown) => live && setSignInProblem(classifySignInError(error)),
      );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the registration's values, not the object's identity
  }, [registration?.clientId, registration?.tenant]);

  const saveRegistration = async (next: AppRegistration) => {
    const settings = await send({ kind: 'settings/put', settings: { appRegistration: next } });
    setSignInProblem(null);
    setRegistration(settings.appRegistration);
  };

  const signIn = async () => {
    if (!msal) return;
    setSigningIn(true);
    setSignInProblem(null);
    try {
      setAccount(await msal.signIn());
    } catch (error) {
      setSignInProblem(classifySignInError(error));
    } finally {
      setSigningIn(false);
    }
  };

  const state = apiModeState({ preferred, session, registered: registration === undefined ? undefined : registration !== null, signedIn: account !== null });

  const client = (correlationId?: string): PartnerCenterClient | null => {
    if (!state.ready) return null;
    if (state.mode === 'session') return sessionClient((request) => send({ kind: 'api/relay', request }), { clock: realClock, correlationId });
    return msal && account ? microsoftClient(msal, correlationId) : null;
  };

  const value: ApiConnection = {
    state,
    choose: setPreferred,
    session,
    refreshSession,
    registration,
    registrationManaged,
    saveRegistration,
    account,
    canSignIn: msal !== null,
    signingIn,
    signInProblem,
    clearSignInProblem: () => setSignInProblem(null),
    signIn,
    signOut: async () => {
      await msal?.signOut();
      setAccount(null);
    },
    signInNeeded: () => setAccount(null),
    client,
  };
  return <Connection.Provider value={value}>{children}</Connection.Provider>;
}
