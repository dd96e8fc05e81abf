/** Which way to the Partner Center API is active, or what the partner must do for one: one line, the same on the scan panel and a customer's page. */
import { t } from '../shared/i18n.ts';
import type { ApiConnection } from './api-connection.tsx';
import type { ApiModeMissing } from './api-mode.ts';

const MISSING: Record<Exclude<ApiModeMissing, 'checking'>, string> = {
  'no-tab': 'api_mode_missing_no_tab',
  'signed-out': 'api_mode_missing_signed_out',
  'no-registration': 'api_mode_missing_no_registration',
  'not-signed-in': 'api_mode_missing_not_signed_in',
};

function statusText(connection: ApiConnection): string {
  const { state } = connection;
  if (state.ready) return state.mode === 'session' ? t('api_mode_active_session') : t('api_mode_active_microsoft', connection.account?.username ?? '');
  if (state.missing === 'checking') return t('api_mode_checking');
  return t(state.neither ? 'api_mode_none' : MISSING[state.missing]);
}

export function ApiModeStatus({ connection }: { connection: ApiConnection }) {
  const { state } = connection;
  return (
    <p class={`api-mode-status${state.ready ? ' ready' : ''}`} role="status" data-testid="api-mode-status" data-mode={state.mode ?? ''} data-ready={String(state.ready)}>
      {statusText(connection)}
    </p>
  );
}
