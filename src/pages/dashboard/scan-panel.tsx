/**
 * "Scan all customers", rendered by the dashboard: the way to the API (./scan-connection.tsx), the
 * scan's controls, progress and problems (./use-scan-session.ts).
 *
 * The scan runs in this page, so it needs the dashboard open but not in front: a background tab
 * scans at full speed (only Retry-After sleeps may wake late in a hidden tab). After every batch a
 * checkpoint goes to the worker; when the dashboard is reopened, even after a browser restart, an
 * interrupted scan resumes by itself once the connection is ready (a signed-in Partner Center tab,
 * or a token msal can have silently; else after "Sign in"). A scan the partner cancelled, or one
 * paused because the session expired or was refused, waits for "Resume".
 */
import { isResumable } from '../../api/scan-checkpoint.ts';
import { scanProgress } from '../../api/scan-progress.ts';
import { scanStatusCounts, t, timeLeft, tn } from '../shared/i18n.ts';
import { useApiConnection } from './api-connection.tsx';
import { ScanConnection } from './scan-connection.tsx';
import { scanProblemKey, type ScanProblem } from './scan-problem.ts';
import { useScanSession } from './use-scan-session.ts';

function problemText(problem: ScanProblem): string {
  const text = t(scanProblemKey(problem));
  return problem.aadsts ? `${text} ${t('signin_error_code', `AADSTS${problem.aadsts}`)}` : text;
}

export function ScanPanel() {
  const connection = useApiConnection();
  const { state, scan, cancel, startOver, clearProblem } = useScanSession(connection);
  if (connection.registration === undefined) return null;
  const { checkpoint, elsewhere } = state;
  const running = state.running !== null;
  const progress = checkpoint ? scanProgress(checkpoint) : null;
  const resumable = isResumable(checkpoint) && !running && !elsewhere;
  const problem = state.problem ?? connection.signInProblem;

  return (
    // The dashboard gives this panel its section and heading.
    <div class="scan-panel">
      <ScanConnection
        connection={connection}
        locked={running}
        onSignIn={() => {
          clearProblem();
          void connection.signIn();
        }}
        onSignOut={() => {
          if (state.running === 'microsoft') cancel();
          void connection.signOut();
        }}
      />

      {problem && (
        <p class="scan-problem" role="alert" data-problem={problem.problem}>
          {problemText(problem)}
        </p>
      )}

      {(connection.state.ready || running) && (
        <div class="scan-controls">
          {running ? (
            <button type="button" onClick={cancel}>
              {t('scan_cancel')}
            </button>
          ) : resumable ? (
            <>
              <button type="button" onClick={() => void scan(true)}>
                {tn('scan_resume', progress?.done ?? 0, progress?.done ?? 0)}
              </button>{' '}
              <button
                type="button"
                onClick={() => {
                  void startOver().then(() => scan(false));
                }}
              >
                {t('scan_start_over')}
              </button>
            </>
          ) : (
            <button type="button" onClick={() => void scan(false)} disabled={elsewhere}>
              {t('scan_start')}
            </button>
          )}
          {elsewhere && <p role="status">{t('scan_running_elsewhere')}</p>}
        </div>
      )}

      {checkpoint && progress && (
        <div class="scan-progress" data-state={running ? 'running' : checkpoint.state}>
          <progress max={Math.max(1, progress.total)} value={progress.done} aria-label={t('scan_progress_label')} style={{ width: '100%' }} />
          <p role="status" aria-live="polite" data-testid="scan-status">
            {scanStatusCounts(progress, checkpoint.counts)}
            {running && progress.msLeft !== null ? ` · ${timeLeft(progress.msLeft)}` : ''}
            {!running && checkpoint.state === 'done' ? ` · ${t('scan_done')}` : ''}
            {!running && checkpoint.state === 'paused' ? ` · ${t('scan_paused')}` : ''}
          </p>
          {checkpoint.failures.length > 0 && (
            <details class="scan-failures">
              <summary>{tn('scan_failures', checkpoint.counts.failed, checkpoint.counts.failed)}</summary>
              <ul>
                {checkpoint.failures.map((f) => (
                  <li key={f.customerId}>
                    {f.name ?? f.customerId}: {f.kind === 'rejected' ? t('scan_failure_rejected', f.message) : f.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </div>
  );
}
