/**
 * Settings for the partner's app registration, and the redirect URI to register, with a copy button.
 * An app registration the organisation sets (a browser policy: `managed`) is shown read-only.
 */
import { useState } from 'preact/hooks';
import { DEFAULT_TENANT, validateAppRegistration, type AppRegistration, type RegistrationProblem } from '../../api/app-registration.ts';
import { t } from '../shared/i18n.ts';
import { ManagedNote } from './managed-note.tsx';

const PROBLEM_KEYS: Record<RegistrationProblem, string> = {
  'client-id-missing': 'signin_problem_client_id_missing',
  'client-id-not-guid': 'signin_problem_client_id_not_guid',
  'tenant-invalid': 'signin_problem_tenant_invalid',
  'tenant-consumers': 'signin_problem_tenant_consumers',
};

export function RegistrationForm(props: { registration: AppRegistration | null; managed?: boolean; onSave(registration: AppRegistration): Promise<void> }) {
  const managed = props.managed ?? false;
  const [clientId, setClientId] = useState(props.registration?.clientId ?? '');
  const [tenant, setTenant] = useState(props.registration?.tenant ?? DEFAULT_TENANT);
  const [problems, setProblems] = useState<RegistrationProblem[]>([]);
  const [saved, setSaved] = useState(false);
  const clientProblems = problems.filter((p) => p.startsWith('client-id'));
  const tenantProblems = problems.filter((p) => p.startsWith('tenant'));

  const submit = async (event: Event) => {
    event.preventDefault();
    if (managed) return;
    setSaved(false);
    const result = validateAppRegistration({ clientId, tenant });
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    setProblems([]);
    await props.onSave(result.registration);
    setClientId(result.registration.clientId);
    setTenant(result.registration.tenant);
    setSaved(true);
  };

  return (
    <form class="scan-registration" onSubmit={(event) => void submit(event)} noValidate>
      {managed ? <ManagedNote id="scan-registration-managed" /> : null}
      <div class="scan-field">
        <label for="scan-client-id">{t('signin_client_id_label')}</label>
        <input
          id="scan-client-id"
          name="clientId"
          value={managed ? (props.registration?.clientId ?? '') : clientId}
          readOnly={managed}
          spellcheck={false}
          autocomplete="off"
          placeholder="00000000-0000-0000-0000-000000000000"
          aria-invalid={clientProblems.length > 0}
          aria-describedby={managed ? 'scan-registration-managed scan-client-id-help' : 'scan-client-id-help scan-client-id-error'}
          onInput={(e) => setClientId(e.currentTarget.value)}
        />
        <small id="scan-client-id-help">{t('signin_client_id_help')}</small>
        <span id="scan-client-id-error" class="scan-error" role="alert">
          {clientProblems.map((p) => t(PROBLEM_KEYS[p])).join(' ')}
        </span>
      </div>
      <div class="scan-field">
        <label for="scan-tenant">{t('signin_tenant_label')}</label>
        <input
          id="scan-tenant"
          name="tenant"
          value={managed ? (props.registration?.tenant ?? '') : tenant}
          readOnly={managed}
          spellcheck={false}
          autocomplete="off"
          aria-invalid={tenantProblems.length > 0}
          aria-describedby={managed ? 'scan-registration-managed scan-tenant-help' : 'scan-tenant-help scan-tenant-error'}
          onInput={(e) => setTenant(e.currentTarget.value)}
        />
        <small id="scan-tenant-help">{t('signin_tenant_help')}</small>
        <span id="scan-tenant-error" class="scan-error" role="alert">
          {tenantProblems.map((p) => t(PROBLEM_KEYS[p])).join(' ')}
        </span>
      </div>
      {managed ? null : <button type="submit">{t('signin_save_registration')}</button>}
      {saved && (
        <span class="scan-saved" role="status">
          {t('signin_registration_saved')}
        </span>
      )}
    </form>
  );
}

export function RedirectUriHelp(props: { uri: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.uri);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div class="scan-redirect">
      <p>{t('signin_redirect_uri_intro')}</p>
      <p>
        <code id="scan-redirect-uri">{props.uri}</code>{' '}
        <button type="button" onClick={() => void copy()} aria-describedby="scan-redirect-uri">
          {t('signin_copy')}
        </button>{' '}
        <span role="status">{copied === 'yes' ? t('signin_copied') : copied === 'failed' ? t('signin_copy_failed') : ''}</span>
      </p>
      <p>
        <small>{t('signin_redirect_uri_steps')}</small>
      </p>
    </div>
  );
}
