import { describe, expect, test } from 'vitest';
import { classifySignInError } from '../../src/api/signin-errors.ts';
import { validateAppRegistration } from '../../src/api/app-registration.ts';
import { createCookieJar } from '../../src/api/session-cookie-jar.ts';
import { PartnerCenterError } from '../../src/api/partner-center-client.ts';

describe('classifySignInError: an actionable reason for every failure', () => {
  test.each([
    [new Error('The user did not approve access.'), 'cancelled'],
    [new Error('User cancelled or denied access.'), 'cancelled'],
    [new Error('Authorization page could not be loaded.'), 'network'],
    [{ errorCode: 'access_denied', errorMessage: 'AADSTS65004: User declined to consent to access the app.' }, 'cancelled'],
    [{ errorCode: 'invalid_client', errorMessage: 'AADSTS65001: The user or administrator has not consented to use the application' }, 'consent-required'],
    [{ errorCode: 'consent_required', errorMessage: '' }, 'consent-required'],
    [{ errorCode: 'interaction_required', errorMessage: 'AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication' }, 'mfa-required'],
    [{ errorCode: 'invalid_request', errorMessage: "AADSTS50011: The redirect URI 'https://x.chromiumapp.org/' does not match" }, 'redirect-uri-mismatch'],
    [{ errorCode: 'invalid_request', errorMessage: "AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type." }, 'spa-platform-required'],
    [{ errorCode: 'unauthorized_client', errorMessage: "AADSTS700016: Application with identifier 'x' was not found in the directory" }, 'app-not-found'],
    [{ errorCode: 'invalid_grant', errorMessage: 'AADSTS700082: The refresh token has expired due to inactivity.' }, 'session-expired'],
    [{ errorCode: 'no_tokens_found' }, 'session-expired'],
    [new PartnerCenterError('forbidden', 403, 'Forbidden', 'r'), 'no-partner-role'],
    [new PartnerCenterError('unauthorized', 401, 'Unauthorized', 'r'), 'session-expired'],
    [new TypeError('Failed to fetch'), 'network'],
    ['weird', 'unknown'],
    [null, 'unknown'],
  ])('%o → %s', (error, problem) => {
    expect(classifySignInError(error).problem).toBe(problem);
  });

  test('keeps the AADSTS code to quote to an admin', () => {
    expect(classifySignInError({ errorMessage: 'AADSTS65001: not consented' }).aadsts).toBe('65001');
  });
});

describe('validateAppRegistration', () => {
  test('accepts a client id with the default tenant, a GUID tenant or a domain', () => {
    expect(validateAppRegistration({ clientId: ' 0B1E2C3D-0000-4000-8000-0000000000BB ', tenant: '' })).toEqual({
      ok: true,
      registration: { clientId: '0b1e2c3d-0000-4000-8000-0000000000bb', tenant: 'organizations' },
    });
    expect(validateAppRegistration({ clientId: '0b1e2c3d-0000-4000-8000-0000000000bb', tenant: 'contoso.onmicrosoft.com' }).ok).toBe(true);
    expect(validateAppRegistration({ clientId: '0b1e2c3d-0000-4000-8000-0000000000bb', tenant: '72f988bf-0000-4000-8000-0000000000aa' }).ok).toBe(true);
  });

  test('says precisely what is wrong', () => {
    expect(validateAppRegistration({ clientId: '', tenant: 'consumers' })).toEqual({ ok: false, problems: ['client-id-missing', 'tenant-consumers'] });
    expect(validateAppRegistration({ clientId: 'my app', tenant: 'not a tenant!' })).toEqual({ ok: false, problems: ['client-id-not-guid', 'tenant-invalid'] });
  });
});

describe('createCookieJar: document.cookie semantics msal relies on', () => {
  test('set, read, replace, and delete through an expiry in the past', () => {
    const saved: Record<string, string>[] = [];
    const jar = createCookieJar({}, (all) => saved.push(all));
    const now = Date.UTC(2026, 10, 24);
    jar.write('msal.cache.encryption=%7B%22id%22%3A%221%22%7D;path=/;SameSite=Lax;Secure;', now);
    jar.write('other=1;path=/', now);
    expect(jar.read()).toBe('msal.cache.encryption=%7B%22id%22%3A%221%22%7D; other=1');
    jar.write(`other=;path=/;SameSite=Lax;expires=${new Date(now - 86_400_000).toUTCString()};Secure;`, now);
    expect(jar.read()).toBe('msal.cache.encryption=%7B%22id%22%3A%221%22%7D');
    expect(saved.at(-1)).toEqual({ 'msal.cache.encryption': '%7B%22id%22%3A%221%22%7D' });
    jar.replace({ a: 'b' });
    expect(jar.read()).toBe('a=b');
  });
});
