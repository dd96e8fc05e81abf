/**
 * The scan panel's state, in one pure reducer: the last checkpoint, whether a scan runs in this page
 * (and through which way to the API) or in another dashboard, and what went wrong.
 */
import type { ScanCheckpoint } from '../../api/scan-checkpoint.ts';
import type { ApiMode } from './api-mode.ts';
import { scanStopProblem, type ScanProblem } from './scan-problem.ts';

export interface ScanSessionState {
  /** The stored checkpoint has been read. */
  loaded: boolean;
  checkpoint: ScanCheckpoint | null;
  /** The mode of the scan running in this page; null when none runs here. */
  running: ApiMode | null;
  /** Another dashboard holds the scan. */
  elsewhere: boolean;
  problem: ScanProblem | null;
}

export type ScanSessionAction =
  | { type: 'read'; checkpoint: ScanCheckpoint | null; elsewhere: boolean }
  | { type: 'started'; mode: ApiMode }
  | { type: 'progress'; checkpoint: ScanCheckpoint }
  | { type: 'finished'; checkpoint: ScanCheckpoint }
  | { type: 'busy' }
  | { type: 'ended'; problem: ScanProblem | null }
  | { type: 'problem-cleared' }
  | { type: 'cleared' };

export const INITIAL_SCAN_SESSION: ScanSessionState = { loaded: false, checkpoint: null, running: null, elsewhere: false, problem: null };

export function scanReducer(state: ScanSessionState, action: ScanSessionAction): ScanSessionState {
  switch (action.type) {
    case 'read':
      return { ...state, loaded: true, checkpoint: action.checkpoint, elsewhere: action.elsewhere };
    case 'started':
      return { ...state, running: action.mode, problem: null };
    case 'progress':
      return state.running === null ? state : { ...state, checkpoint: action.checkpoint };
    case 'finished':
      return { ...state, running: null, checkpoint: action.checkpoint, problem: scanStopProblem(action.checkpoint.stopReason) };
    case 'busy':
      return { ...state, running: null, elsewhere: true };
    case 'ended':
      return { ...state, running: null, problem: action.problem };
    case 'problem-cleared':
      return { ...state, problem: null };
    case 'cleared':
      return { ...state, checkpoint: null, problem: null };
  }
}
