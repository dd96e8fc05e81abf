/**
 * The partner's Entra app registration used for sign-in: a public client id and a tenant. Not a
 * secret. Validated here so the settings form gives a precise message before any sign-in is tried.
 */
import { isGuid } from '../core/partner-center-urls.ts';

export interface AppRegistration {
  clientId: string;
  /** 'organizations' (any work account), a tenant GUID, or a verified domain. */
  tenant: string;
}

export const DEFAULT_TENANT = 'organizations';

/** Delegated (App+User) scope of the Partner Center API. */
export const PARTNER_CENTER_SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation';

export type RegistrationProblem = 'client-id-missing' | 'client-id-not-guid' | 'tenant-invalid' | 'tenant-consumers';

const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export function validateAppRegistration(input: { clientId: string; tenant: string }): { ok: true; registration: AppRegistration } | { ok: false; problems: RegistrationProblem[] } {
  const clientId = input.clientId.trim();
  const tenant = input.tenant.trim() || DEFAULT_TENANT;
  const problems: RegistrationProblem[] = [];
  if (!clientId) problems.push('client-id-missing');
  else if (!isGuid(clientId)) problems.push('client-id-not-guid');
  const lowered = tenant.toLowerCase();
  // Partner Center accounts are work accounts: personal Microsoft accounts can never sign in to it.
  if (lowered === 'consumers') problems.push('tenant-consumers');
  else if (!(lowered === 'organizations' || lowered === 'common' || isGuid(tenant) || DOMAIN.test(tenant))) problems.push('tenant-invalid');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, registration: { clientId: clientId.toLowerCase(), tenant: lowered } };
}
