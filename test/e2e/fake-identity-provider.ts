/**
 * A local stand-in for login.microsoftonline.com, following shared/notes/msal-signin.md: msal-browser
 * makes exactly two requests per sign-in (authorize, then token), with no discovery for Microsoft
 * hosts. Chromium reaches it through `--host-resolver-rules`, so the extension's real sign-in code
 * (msal + chrome.identity.launchWebAuthFlow) runs unchanged. Signatures are not verified by msal,
 * so the id_token is unsigned. Knobs turn the answer into each failure a partner can meet.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { startHttpsServer, type RunningServer } from './https-server.ts';

export type AuthorizeBehaviour =
  /** 302 straight back with a code (no window appears). */
  | { kind: 'approve' }
  /** A login page that needs a click (closing it = the user cancelled). */
  | { kind: 'click' }
  /** 302 back with `#error=...` (consent missing, MFA required...). */
  | { kind: 'error'; error: string; description: string }
  /** A page saying the redirect URI does not match, as Entra shows it (AADSTS50011); never redirects. */
  | { kind: 'redirect-mismatch' };

export interface FakeIdentityProviderOptions {
  user?: { name: string; username: string; tenantId: string; objectId: string };
  /** Lifetime of issued access tokens, seconds. */
  expiresIn?: number;
}

export interface FakeIdentityProvider {
  server: RunningServer;
  /** Access tokens issued so far (the fake Partner Center API accepts only these). */
  issued: Set<string>;
  requests: { path: string; grantType?: string; clientId?: string; scope?: string }[];
  behave(next: AuthorizeBehaviour): void;
  /** Forget issued tokens (as if revoked): the API answers 401 to them. */
  revokeAll(): void;
  close(): Promise<void>;
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export async function startFakeIdentityProvider(options: FakeIdentityProviderOptions = {}): Promise<FakeIdentityProvider> {
  const user = options.user ?? {
    name: 'Avery Partner',
    username: 'avery@partner.example',
    tenantId: '72f988bf-0000-4000-8000-0000000000aa',
    objectId: '0b1e2c3d-0000-4000-8000-0000000000bb',
  };
  let behaviour: AuthorizeBehaviour = { kind: 'approve' };
  const codes = new Map<string, { nonce: string; clientId: string; scope: string }>();
  const refreshTokens = new Map<string, { clientId: string; scope: string }>();
  const issued = new Set<string>();
  const requests: FakeIdentityProvider['requests'] = [];
  const clientInfo = b64url(JSON.stringify({ uid: user.objectId, utid: user.tenantId }));

  const tokens = (clientId: string, scope: string, nonce: string | null) => {
    const now = Math.floor(Date.now() / 1000);
    const idToken = [
      b64url(JSON.stringify({ alg: 'none', typ: 'JWT' })),
      b64url(
        JSON.stringify({
          aud: clientId,
          iss: `https://login.microsoftonline.com/${user.tenantId}/v2.0`,
          tid: user.tenantId,
          oid: user.objectId,
          sub: user.objectId,
          name: user.name,
          preferred_username: user.username,
          ...(nonce ? { nonce } : {}),
          iat: now,
          nbf: now,
          exp: now + 3600,
        }),
      ),
      '',
    ].join('.');
    const accessToken = `fake-at-${randomBytes(16).toString('hex')}`;
    const refreshToken = `fake-rt-${randomBytes(16).toString('hex')}`;
    issued.add(accessToken);
    refreshTokens.set(refreshToken, { clientId, scope });
    return {
      token_type: 'Bearer',
      scope,
      expires_in: options.expiresIn ?? 3600,
      ext_expires_in: options.expiresIn ?? 3600,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: clientInfo,
    };
  };

  const server = await startHttpsServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'https://login.microsoftonline.com');
    const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-headers': '*' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, POST' });
      res.end();
      return;
    }
    if (/\/oauth2\/v2\.0\/authorize$/.test(url.pathname)) {
      const q = url.searchParams;
      requests.push({ path: url.pathname, clientId: q.get('client_id') ?? '', scope: q.get('scope') ?? '' });
      const redirect = q.get('redirect_uri') ?? '';
      const state = q.get('state') ?? '';
      const code = randomUUID();
      codes.set(code, { nonce: q.get('nonce') ?? '', clientId: q.get('client_id') ?? '', scope: q.get('scope') ?? '' });
      const success = `${redirect}#code=${encodeURIComponent(code)}&client_info=${clientInfo}&state=${encodeURIComponent(state)}&session_state=${randomUUID()}`;
      switch (behaviour.kind) {
        case 'approve':
          res.writeHead(302, { location: success });
          res.end();
          return;
        case 'click':
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(`<!doctype html><title>Sign in to your account</title><h1>Pick an account</h1>` + `<a id="approve" href="${success.replace(/"/g, '&quot;')}">${user.username}</a>`);
          return;
        case 'error': {
          const location = `${redirect}#error=${encodeURIComponent(behaviour.error)}&error_description=${encodeURIComponent(behaviour.description)}&state=${encodeURIComponent(state)}`;
          res.writeHead(302, { location });
          res.end();
          return;
        }
        case 'redirect-mismatch':
          res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
          res.end(
            `<!doctype html><title>Sign in to your account</title><p>AADSTS50011: The redirect URI '${redirect.replace(/[<>&'"]/g, '')}' specified in the request does not match the redirect URIs configured for the application.</p>`,
          );
          return;
      }
      return;
    }
    if (/\/oauth2\/v2\.0\/token$/.test(url.pathname) && req.method === 'POST') {
      const form = new URLSearchParams(body);
      const grantType = form.get('grant_type') ?? '';
      requests.push({ path: url.pathname, grantType, clientId: form.get('client_id') ?? '' });
      let answer: object | null = null;
      if (grantType === 'authorization_code') {
        const code = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (code) answer = tokens(code.clientId, 'https://api.partnercenter.microsoft.com/user_impersonation', code.nonce);
      } else if (grantType === 'refresh_token') {
        const refresh = refreshTokens.get(form.get('refresh_token') ?? '');
        if (refresh) answer = tokens(refresh.clientId, 'https://api.partnercenter.microsoft.com/user_impersonation', null);
      }
      if (!answer) {
        res.writeHead(400, { 'content-type': 'application/json', ...cors });
        res.end(JSON.stringify({ error: 'invalid_grant', error_description: 'AADSTS70000: The provided grant is invalid or expired.', error_codes: [70000] }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', ...cors });
      res.end(JSON.stringify(answer));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });

  return {
    server,
    issued,
    requests,
    behave(next) {
      behaviour = next;
    },
    revokeAll() {
      issued.clear();
      refreshTokens.clear();
    },
    close: () => server.close(),
  };
}
