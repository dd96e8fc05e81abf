/**
 * Sign-in and "Scan all customers", rendered by the dashboard.
 *
 * The scan runs in this page (it holds the token; the worker never does), so it needs the dashboard
 * open but not in front: a background tab scans at full speed (only Retry-After sleeps may wake late
 * in a hidden tab). After every customer a checkpoint goes to the worker; when the dashboard is
 * reopened, even after a browser restart, an interrupted scan resumes by itself once a token can be
 * had silently (else after "Sign in"). A scan the partner cancelled waits for "Resume".
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AppRegistration } from '../../api/app-registration.ts';
import { MicrosoftSignIn, redirectUri, type SignedInAccount } from '../../api/microsoft-signin.ts';
import { isResumable, type ScanCheckpoint } from '../../api/scan-checkpoint.ts';
import { scanProgress } from '../../api/scan-progress.ts';
import { classifySignInError, type ClassifiedProblem } from '../../api/signin-errors.ts';
import { RedirectUriHelp, RegistrationForm } from './scan-registration.tsx';
import { scanStatusCounts, t, timeLeft, tn } from '../shared/i18n.ts';
import { loadCheckpoint, runScanHere, scanRunningElsewhere } from './scan-session.ts';
import { send } from '../shared/worker-client.ts';

type Problem = ClassifiedProblem | { problem: `scan-${string}`; aadsts: null };

/** Problems only an interactive sign-in solves (a silent refresh met them): show "Sign in" again. */
const NEEDS_INTERACTIVE_SIGN_IN: ReadonlySet<string> = new Set(['session-expired', 'mfa-required', 'consent-required']);

/** Why a scan stopped, as the message key that says what to do. */
function stopProblem(checkpoint: ScanCheckpoint): Problem | null {
  const reason = checkpoint.stopReason;
  if (!reason) return null;
  switch (reason.kind) {
    case 'unauthorized':
      return { problem: 'session-expired', aadsts: null };
    case 'forbidden':
      return { problem: 'no-partner-role', aadsts: null };
    case 'throttled':
      return { problem: 'scan-throttled', aadsts: null };
    case 'server':
    case 'network':
      return { problem: 'scan-unavailable', aadsts: null };
    default:
      return { problem: 'scan-unexpected', aadsts: null };
  }
}

function problemText(problem: Problem): string {
  const key = problem.problem.startsWith('scan-') ? `scan_stop_${problem.problem.slice(5)}` : `signin_error_${problem.problem.replace(/-/g, '_')}`;
  const text = t(key);
  return problem.aadsts ? `${text} ${t('signin_error_code', `AADSTS${problem.aadsts}`)}` : text;
}

export function ScanPanel() {
  const [registration, setRegistration] = useState<AppRegistration | null | undefined>(undefined);
  const [signIn, setSignIn] = useState<MicrosoftSignIn | null>(null);
  const [account, setAccount] = useState<SignedInAccount | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [checkpoint, setCheckpoint] = useState<ScanCheckpoint | null>(null);
  const [running, setRunning] = useState(false);
  const [elsewhere, setElsewhere] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const autoResumed = useRef(false);
  const latest = useRef<ScanCheckpoint | null>(null);
  const repaint = useRef<number | null>(null);

  /** Shows a problem; one that needs a new sign-in also shows the "Sign in" button again. */
  const report = useCallback((next: Problem | null) => {
    setProblem(next);
    if (next && NEEDS_INTERACTIVE_SIGN_IN.has(next.problem)) setAccount(null);
  }, []);

  // Settings and the last checkpoint, once.
  useEffect(() => {
    void (async () => {
      try {
        const [settings, saved, busy] = await Promise.all([send({ kind: 'settings/get' }), loadCheckpoint(), scanRunningElsewhere()]);
        setRegistration(settings.appRegistration);
        setCheckpoint(saved);
        setElsewhere(busy);
      } catch (error) {
        setRegistration(null);
        report(classifySignInError(error));
      }
    })();
  }, []);

  // A sign-in client for the saved registration; the account comes back from the shared cache.
  useEffect(() => {
    if (!registration) {
      setSignIn(null);
      setAccount(null);
      return;
    }
    let live = true;
    void MicrosoftSignIn.create(registration).then(
      async (instance) => {
        if (!live) return;
        setSignIn(instance);
        const cached = instance.account();
        if (cached) {
          // After a browser restart the cache key is gone: the account may be listed but unusable.
          try {
            await instance.accessToken(false);
          } catch (error) {
            if (live) report(classifySignInError(error));
            return;
          }
        }
        if (live) setAccount(cached);
      },
      (error: unknown) => live && report(classifySignInError(error)),
    );
    return () => {
      live = false;
    };
  }, [registration?.clientId, registration?.tenant]);

  // While another dashboard scans, follow its checkpoints.
  useEffect(() => {
    if (!elsewhere) return;
    const timer = setInterval(() => {
      void Promise.all([loadCheckpoint(), scanRunningElsewhere()]).then(([saved, busy]) => {
        setCheckpoint(saved);
        setElsewhere(busy);
      });
    }, 1_500);
    return () => clearInterval(timer);
  }, [elsewhere]);

  const scan = useCallback(
    async (resume: boolean) => {
      if (!signIn || running) return;
      const abort = new AbortController();
      controller.current = abort;
      setRunning(true);
      setProblem(null);
      try {
        const rules = await send({ kind: 'rules/list' });
        const outcome = await runScanHere({
          signIn,
          resumeFrom: resume ? checkpoint : null,
          rules,
          signal: abort.signal,
          // Progress arrives per recorded batch; repaint at most a few times a second.
          onProgress: (cp) => {
            latest.current = structuredClone(cp);
            repaint.current ??= window.setTimeout(() => {
              repaint.current = null;
              setCheckpoint(latest.current);
            }, 200);
          },
        });
        if (outcome.kind === 'busy') {
          setElsewhere(true);
        } else {
          setCheckpoint(outcome.checkpoint);
          report(stopProblem(outcome.checkpoint));
        }
      } catch (error) {
        report(classifySignInError(error));
      } finally {
        if (repaint.current !== null) clearTimeout(repaint.current);
        repaint.current = null;
        controller.current = null;
        setRunning(false);
      }
    },
    [signIn, running, checkpoint, report],
  );

  // Reopened after the page was closed mid-scan (state still "running"): carry on by itself.
  useEffect(() => {
    if (autoResumed.current || !signIn || !account || running || elsewhere) return;
    if (checkpoint?.state !== 'running') return;
    autoResumed.current = true;
    void (async () => {
      try {
        await signIn.accessToken(false);
        void scan(true);
      } catch (error) {
        autoResumed.current = false;
        report(classifySignInError(error));
      }
    })();
  }, [signIn, account, checkpoint, running, elsewhere, scan, report]);

  const saveRegistration = async (next: AppRegistration) => {
    const settings = await send({ kind: 'settings/put', settings: { appRegistration: next } });
    setProblem(null);
    setRegistration(settings.appRegistration);
  };

  const doSignIn = async () => {
    if (!signIn) return;
    setSigningIn(true);
    setProblem(null);
    try {
      setAccount(await signIn.signIn());
    } catch (error) {
      report(classifySignInError(error));
    } finally {
      setSigningIn(false);
    }
  };

  const doSignOut = async () => {
    controller.current?.abort(new DOMException('Signed out', 'AbortError'));
    await signIn?.signOut();
    setAccount(null);
  };

  const startOver = async () => {
    await send({ kind: 'scan/checkpoint-put', checkpoint: null });
    setCheckpoint(null);
    setProblem(null);
    void scan(false);
  };

  if (registration === undefined) return null;
  const progress = checkpoint ? scanProgress(checkpoint) : null;
  const resumable = isResumable(checkpoint) && !running && !elsewhere;

  return (
    // The dashboard gives this panel its section and heading.
    <div class="scan-panel">
      <details class="scan-settings" open={!registration}>
        <summary>{t('signin_settings_heading')}</summary>
        <RegistrationForm registration={registration} onSave={saveRegistration} />
        <RedirectUriHelp uri={redirectUri()} />
      </details>

      <div class="scan-account">
        {!registration ? (
          <p>{t('signin_needs_registration')}</p>
        ) : account ? (
          <p>
            <span data-testid="signed-in-as">{t('signin_signed_in_as', account.username)}</span>{' '}
            <button type="button" onClick={doSignOut}>
              {t('signin_sign_out')}
            </button>
          </p>
        ) : (
          <p>
            <button type="button" onClick={doSignIn} disabled={!signIn || signingIn}>
              {signingIn ? t('signin_signing_in') : t('signin_sign_in')}
            </button>
          </p>
        )}
      </div>

      {problem && (
        <p class="scan-problem" role="alert" data-problem={problem.problem}>
          {problemText(problem)}
        </p>
      )}

      {account && (
        <div class="scan-controls">
          {running ? (
            <button type="button" onClick={() => controller.current?.abort(new DOMException('Cancelled', 'AbortError'))}>
              {t('scan_cancel')}
            </button>
          ) : resumable ? (
            <>
              <button type="button" onClick={() => void scan(true)}>
                {tn('scan_resume', progress?.done ?? 0, progress?.done ?? 0)}
              </button>{' '}
              <button type="button" onClick={() => void startOver()}>
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
          <progress
            max={Math.max(1, progress.total)}
            value={progress.done}
            aria-label={t('scan_progress_label')}
            style={{ width: '100%' }}
          />
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
