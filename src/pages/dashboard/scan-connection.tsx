/**
 * The scan panel's choice of a way to the Partner Center API: "Use my Partner Center session" beside
 * "Sign in with Microsoft (app registration)", each with what it needs, and the Microsoft sign-in's
 * own settings (registration, redirect URI) and account. The choice is the dashboard's
 * (./api-connection.tsx): a customer's API actions use the same.
 */
import { redirectUri } from '../../api/microsoft-redirect-uri.ts';
import { t } from '../shared/i18n.ts';
import type { ApiConnection } from './api-connection.tsx';
import type { ApiMode } from './api-mode.ts';
import { ApiModeStatus } from './api-mode-status.tsx';
import { RedirectUriHelp, RegistrationForm } from './scan-registration.tsx';

function ModeOption(props: { mode: ApiMode; connection: ApiConnection; locked: boolean; label: string; help: string }) {
  const { state } = props.connection;
  return (
    <label class="api-mode-option">
      <input
        type="radio"
        name="api-mode"
        value={props.mode}
        checked={state.mode === props.mode}
        disabled={props.locked}
        aria-describedby={`api-mode-${props.mode}-help`}
        onChange={() => props.connection.choose(props.mode)}
      />{' '}
      <strong>{props.label}</strong>
      <span id={`api-mode-${props.mode}-help`} class="muted">
        {props.help}
      </span>
    </label>
  );
}

/** `locked`: a scan runs, on the mode it started with. `onSignIn`: the panel clears its own problem first. */
export function ScanConnection(props: { connection: ApiConnection; locked: boolean; onSignIn(): void; onSignOut(): void }) {
  const { connection, locked } = props;
  const { registration, account, state } = connection;
  const sessionWorks = state.ready && state.mode === 'session';
  return (
    <>
      <fieldset class="api-mode">
        <legend>{t('api_mode_legend')}</legend>
        <ModeOption
          mode="session"
          connection={connection}
          locked={locked}
          label={t('api_mode_session')}
          help={t(connection.session === 'available' ? 'api_mode_session_available' : 'api_mode_session_help')}
        />
        <ModeOption mode="microsoft" connection={connection} locked={locked} label={t('api_mode_microsoft')} help={t('api_mode_microsoft_help')} />
        <div class="api-mode-microsoft">
          <details class="scan-settings" open={!registration && !sessionWorks}>
            <summary>{t('signin_settings_heading')}</summary>
            <RegistrationForm registration={registration ?? null} managed={connection.registrationManaged} onSave={connection.saveRegistration} />
            <RedirectUriHelp uri={redirectUri()} />
          </details>
          <div class="scan-account">
            {!registration ? (
              <p class="muted">{t('signin_needs_registration')}</p>
            ) : account ? (
              <p>
                <span data-testid="signed-in-as">{t('signin_signed_in_as', account.username)}</span>{' '}
                <button type="button" onClick={props.onSignOut}>
                  {t('signin_sign_out')}
                </button>
              </p>
            ) : (
              <p>
                <button type="button" onClick={props.onSignIn} disabled={!connection.canSignIn || connection.signingIn}>
                  {connection.signingIn ? t('signin_signing_in') : t('signin_sign_in')}
                </button>
              </p>
            )}
          </div>
        </div>
      </fieldset>
      <ApiModeStatus connection={connection} />
    </>
  );
}
