/**
 * The hook that runs the scan panel's scan, its state in one reducer (./scan-session-state.ts). The
 * scan itself (paging, throttling, checkpoints, resume) is the engine's
 * (src/api/customer-scan.ts), the same in both modes: the hook only asks the connection for a client.
 *
 * An interrupted scan (its checkpoint still "running": the page was closed mid-scan) resumes by itself
 * once the connection is ready; one the partner cancelled, or that paused on a problem, waits for
 * "Resume".
 */
import { useCallback, useEffect, useReducer, useRef } from 'preact/hooks';
import { randomId } from '../../api/partner-center-client.ts';
import type { ScanCheckpoint } from '../../api/scan-checkpoint.ts';
import { classifySignInError } from '../../api/signin-errors.ts';
import { send } from '../shared/worker-client.ts';
import type { ApiConnection } from './api-connection.tsx';
import { needsInteractiveSignIn, scanStopProblem, type ScanProblem } from './scan-problem.ts';
import { INITIAL_SCAN_SESSION, scanReducer } from './scan-session-state.ts';
import { loadCheckpoint, runScanHere, scanRunningElsewhere } from './scan-session.ts';

/** Progress arrives per recorded batch; the panel repaints at most this often. */
const REPAINT_MS = 200;
/** While another dashboard scans, its checkpoints are followed this often. */
const FOLLOW_MS = 1_500;

export function useScanSession(connection: ApiConnection) {
  const [state, dispatch] = useReducer(scanReducer, INITIAL_SCAN_SESSION);
  const controller = useRef<AbortController | null>(null);
  const autoResumed = useRef(false);

  useEffect(() => {
    void Promise.all([loadCheckpoint(), scanRunningElsewhere()]).then(
      ([checkpoint, elsewhere]) => dispatch({ type: 'read', checkpoint, elsewhere }),
      (error: unknown) => dispatch({ type: 'ended', problem: classifySignInError(error) }),
    );
  }, []);

  useEffect(() => {
    if (!state.elsewhere) return;
    const timer = setInterval(() => {
      void Promise.all([loadCheckpoint(), scanRunningElsewhere()]).then(([checkpoint, elsewhere]) => dispatch({ type: 'read', checkpoint, elsewhere }));
    }, FOLLOW_MS);
    return () => clearInterval(timer);
  }, [state.elsewhere]);

  const { state: modeState } = connection;
  const scan = useCallback(
    async (resume: boolean) => {
      if (state.running !== null || !modeState.ready) return;
      const mode = modeState.mode;
      const resumeFrom = resume ? state.checkpoint : null;
      const scanId = resumeFrom?.scanId ?? randomId();
      const client = connection.client(scanId);
      if (!client) return;
      const abort = new AbortController();
      controller.current = abort;
      dispatch({ type: 'started', mode });
      connection.clearSignInProblem();
      let latest: ScanCheckpoint | null = null;
      let repaint: ReturnType<typeof setTimeout> | null = null;
      let problem: ScanProblem | null;
      try {
        const rules = await send({ kind: 'rules/list' });
        const outcome = await runScanHere({
          client,
          scanId,
          resumeFrom,
          rules,
          signal: abort.signal,
          onProgress: (checkpoint) => {
            latest = structuredClone(checkpoint);
            repaint ??= setTimeout(() => {
              repaint = null;
              if (latest) dispatch({ type: 'progress', checkpoint: latest });
            }, REPAINT_MS);
          },
        });
        if (outcome.kind === 'busy') {
          dispatch({ type: 'busy' });
          return;
        }
        dispatch({ type: 'finished', checkpoint: outcome.checkpoint });
        problem = scanStopProblem(outcome.checkpoint.stopReason);
      } catch (error) {
        problem = classifySignInError(error);
        dispatch({ type: 'ended', problem });
      } finally {
        if (repaint !== null) clearTimeout(repaint);
        controller.current = null;
      }
      // The connection learns what the scan met: a sign-in to redo, a session to look for again.
      if (problem && mode === 'microsoft' && needsInteractiveSignIn(problem)) connection.signInNeeded();
      if (problem?.problem.startsWith('scan-session-')) connection.refreshSession();
    },
    [state.running, state.checkpoint, modeState.ready, modeState.mode, connection],
  );

  const cancel = useCallback(() => controller.current?.abort(new DOMException('Cancelled', 'AbortError')), []);

  const startOver = useCallback(async () => {
    await send({ kind: 'scan/checkpoint-put', checkpoint: null });
    dispatch({ type: 'cleared' });
  }, []);

  // Reopened after the page was closed mid-scan (state still "running"): carry on by itself.
  useEffect(() => {
    if (autoResumed.current || !state.loaded || !modeState.ready || state.running !== null || state.elsewhere) return;
    if (state.checkpoint?.state !== 'running') return;
    autoResumed.current = true;
    void scan(true);
  }, [state.loaded, state.checkpoint, state.running, state.elsewhere, modeState.ready, scan]);

  const clearProblem = useCallback(() => dispatch({ type: 'problem-cleared' }), []);

  return { state, scan, cancel, startOver, clearProblem };
}
