/**
 * Why a customer's API action could not go on (a read that failed, a move that stopped), as the
 * message that says what to do (api_problem_*), and what the connection should learn from it: an
 * expired Microsoft sign-in shows "Sign in" again, a session problem has the session checked again.
 */
import type { ApiConnection } from './api-connection.tsx';

export const API_PROBLEMS = ['session-unavailable', 'session-expired', 'session-refused', 'unauthorized', 'forbidden', 'throttled', 'unavailable', 'not-found', 'unexpected'] as const;
export type ApiProblem = (typeof API_PROBLEMS)[number];

/** An ApiErrorKind (or 'unexpected') as a problem the partner can act on. */
export function apiProblemOf(kind: string): ApiProblem {
  if (kind === 'server' || kind === 'network') return 'unavailable';
  return API_PROBLEMS.find((p) => p === kind) ?? 'unexpected';
}

export const apiProblemKey = (problem: ApiProblem) => `api_problem_${problem.replace(/-/g, '_')}`;

export function tellConnection(connection: ApiConnection, problem: ApiProblem): void {
  if (problem === 'unauthorized') connection.signInNeeded();
  if (problem.startsWith('session-')) connection.refreshSession();
}
