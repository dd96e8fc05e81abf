/**
 * Which way to the Partner Center API the dashboard uses: the partner's Partner Center session by
 * default whenever a signed-in tab is open, the Microsoft sign-in otherwise once registered, the
 * partner's own pick when made, and what is missing when neither is available.
 */
import { describe, expect, it } from 'vitest';
import { apiModeState, type ApiModeFacts } from '../../src/pages/dashboard/api-mode.ts';

const facts = (patch: Partial<ApiModeFacts>): ApiModeFacts => ({ preferred: null, session: 'no-tab', registered: false, signedIn: false, ...patch });

describe('apiModeState', () => {
  it('a signed-in Partner Center tab: the session, even with a Microsoft sign-in at hand', () => {
    expect(apiModeState(facts({ session: 'available' }))).toEqual({ mode: 'session', ready: true });
    expect(apiModeState(facts({ session: 'available', registered: true, signedIn: true }))).toEqual({ mode: 'session', ready: true });
  });

  it('no signed-in tab: the Microsoft sign-in once registered, ready once signed in', () => {
    expect(apiModeState(facts({ registered: true, signedIn: true }))).toEqual({ mode: 'microsoft', ready: true });
    expect(apiModeState(facts({ session: 'signed-out', registered: true }))).toEqual({ mode: 'microsoft', ready: false, missing: 'not-signed-in', neither: true });
  });

  it('neither available and nothing registered: the session, saying a Partner Center tab is missing', () => {
    expect(apiModeState(facts({}))).toEqual({ mode: 'session', ready: false, missing: 'no-tab', neither: true });
    expect(apiModeState(facts({ session: 'signed-out' }))).toEqual({ mode: 'session', ready: false, missing: 'signed-out', neither: true });
  });

  it("the partner's pick holds whatever is available, and says what it lacks", () => {
    expect(apiModeState(facts({ preferred: 'microsoft', session: 'available' }))).toEqual({ mode: 'microsoft', ready: false, missing: 'no-registration', neither: false });
    expect(apiModeState(facts({ preferred: 'session', registered: true, signedIn: true }))).toEqual({ mode: 'session', ready: false, missing: 'no-tab', neither: false });
    expect(apiModeState(facts({ preferred: 'microsoft', session: null, registered: true, signedIn: true }))).toEqual({ mode: 'microsoft', ready: true });
  });

  it('nothing is chosen before the settings and the session status are known', () => {
    expect(apiModeState(facts({ registered: undefined, session: 'available' }))).toMatchObject({ ready: false, missing: 'checking' });
    expect(apiModeState(facts({ session: null, registered: true, signedIn: true }))).toMatchObject({ ready: false, missing: 'checking' });
  });
});
