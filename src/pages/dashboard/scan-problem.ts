/**
 * What the scan panel says went wrong, as a code and its message key: a sign-in problem
 * (signin_error_*, from src/api/signin-errors.ts) or why a scan stopped (scan_stop_*). Pure.
 */
import type { ClassifiedProblem } from '../../api/signin-errors.ts';
import type { ScanCheckpoint } from '../../api/scan-checkpoint.ts';

export type ScanProblem = ClassifiedProblem | { problem: `scan-${ScanStopCode}`; aadsts: null };

/** Every scan_stop_* message: the stop reasons that say what to do. */
export const SCAN_STOP_CODES = ['throttled', 'unavailable', 'unexpected', 'session-unavailable', 'session-expired', 'session-refused', 'endless-listing', 'page-limit'] as const;
export type ScanStopCode = (typeof SCAN_STOP_CODES)[number];

/** Problems only an interactive Microsoft sign-in solves (a silent refresh met them): show "Sign in" again. */
const NEEDS_INTERACTIVE_SIGN_IN: ReadonlySet<string> = new Set(['session-expired', 'mfa-required', 'consent-required']);

export function needsInteractiveSignIn(problem: ScanProblem): problem is ClassifiedProblem {
  return NEEDS_INTERACTIVE_SIGN_IN.has(problem.problem);
}

const scanStop = (code: ScanStopCode): ScanProblem => ({ problem: `scan-${code}`, aadsts: null });

/** Why a scan stopped, from its checkpoint's stop reason (an ApiErrorKind or the engine's own); null when it did not stop on an error. */
export function scanStopProblem(stopReason: ScanCheckpoint['stopReason']): ScanProblem | null {
  if (!stopReason) return null;
  switch (stopReason.kind) {
    // Microsoft sign-in: the token could not be refreshed, or the account has no Partner Center role.
    case 'unauthorized':
      return { problem: 'session-expired', aadsts: null };
    case 'forbidden':
      return { problem: 'no-partner-role', aadsts: null };
    case 'server':
    case 'network':
      return scanStop('unavailable');
    default: {
      const code = SCAN_STOP_CODES.find((c) => c === stopReason.kind);
      return scanStop(code ?? 'unexpected');
    }
  }
}

/** The problem's message key. */
export function scanProblemKey(problem: ScanProblem): string {
  return problem.problem.startsWith('scan-') ? `scan_stop_${problem.problem.slice(5).replace(/-/g, '_')}` : `signin_error_${problem.problem.replace(/-/g, '_')}`;
}
