/**
 * The scan panel's state and what it says when a scan stops: every stop reason the engine gives
 * (both ways to the API) has its message, a session that expired or was refused pauses the scan
 * rather than failing it, and a Microsoft sign-in that expired asks for a new sign-in.
 */
import { describe, expect, it } from 'vitest';
import { newCheckpoint, type ScanCheckpoint } from '../../src/api/scan-checkpoint.ts';
import { INITIAL_SCAN_SESSION, scanReducer } from '../../src/pages/dashboard/scan-session-state.ts';
import { needsInteractiveSignIn, SCAN_STOP_CODES, scanProblemKey, scanStopProblem } from '../../src/pages/dashboard/scan-problem.ts';

const stopped = (kind: string, state: ScanCheckpoint['state'] = 'paused'): ScanCheckpoint => ({
  ...newCheckpoint('scan-1', '2026-11-30T10:00:00Z', 100),
  state,
  stopReason: { kind, message: 'detail' },
});

describe('scanStopProblem', () => {
  it.each([
    ['session-unavailable', 'scan_stop_session_unavailable'],
    ['session-expired', 'scan_stop_session_expired'],
    ['session-refused', 'scan_stop_session_refused'],
    ['endless-listing', 'scan_stop_endless_listing'],
    ['page-limit', 'scan_stop_page_limit'],
    ['throttled', 'scan_stop_throttled'],
    ['server', 'scan_stop_unavailable'],
    ['network', 'scan_stop_unavailable'],
    ['bad-response', 'scan_stop_unexpected'],
    ['http', 'scan_stop_unexpected'],
    ['unexpected', 'scan_stop_unexpected'],
    ['unauthorized', 'signin_error_session_expired'],
    ['forbidden', 'signin_error_no_partner_role'],
  ])('%s → %s', (kind, key) => {
    expect(scanProblemKey(scanStopProblem({ kind, message: '' })!)).toBe(key);
  });

  it('every scan_stop_* code is reachable from its own stop reason or a group of them', () => {
    const reached = new Set(
      ['session-unavailable', 'session-expired', 'session-refused', 'endless-listing', 'page-limit', 'throttled', 'server', 'unexpected'].map(
        (kind) => scanStopProblem({ kind, message: '' })!.problem,
      ),
    );
    expect([...reached].sort()).toEqual(SCAN_STOP_CODES.map((c) => `scan-${c}`).sort());
  });

  it('no stop reason (done, or cancelled by the partner): no problem', () => {
    expect(scanStopProblem(null)).toBeNull();
  });

  it('only an expired Microsoft sign-in asks for a new sign-in; an expired Partner Center session does not', () => {
    expect(needsInteractiveSignIn(scanStopProblem({ kind: 'unauthorized', message: '' })!)).toBe(true);
    expect(needsInteractiveSignIn(scanStopProblem({ kind: 'session-expired', message: '' })!)).toBe(false);
  });
});

describe('scanReducer', () => {
  it('a scan paused on an expired session shows why, keeps its checkpoint to resume, and runs no more', () => {
    let state = scanReducer(INITIAL_SCAN_SESSION, { type: 'read', checkpoint: null, elsewhere: false });
    state = scanReducer(state, { type: 'started', mode: 'session' });
    expect(state.running).toBe('session');
    const paused = stopped('session-expired');
    state = scanReducer(state, { type: 'progress', checkpoint: { ...paused, state: 'running', stopReason: null } });
    state = scanReducer(state, { type: 'finished', checkpoint: paused });
    expect(state).toMatchObject({ loaded: true, running: null, checkpoint: paused, problem: { problem: 'scan-session-expired' } });
  });

  it('a new start clears the last problem; progress after the end is ignored', () => {
    let state = scanReducer(INITIAL_SCAN_SESSION, { type: 'finished', checkpoint: stopped('throttled') });
    expect(state.problem?.problem).toBe('scan-throttled');
    state = scanReducer(state, { type: 'progress', checkpoint: stopped('late') });
    expect(state.checkpoint?.stopReason?.kind).toBe('throttled');
    state = scanReducer(state, { type: 'started', mode: 'microsoft' });
    expect(state.problem).toBeNull();
  });

  it('another dashboard holds the scan: this one follows it', () => {
    const state = scanReducer(scanReducer(INITIAL_SCAN_SESSION, { type: 'started', mode: 'microsoft' }), { type: 'busy' });
    expect(state).toMatchObject({ running: null, elsewhere: true });
  });

  it('start over forgets the checkpoint and the problem', () => {
    const state = scanReducer(scanReducer(INITIAL_SCAN_SESSION, { type: 'finished', checkpoint: stopped('page-limit') }), { type: 'cleared' });
    expect(state).toMatchObject({ checkpoint: null, problem: null });
  });
});
