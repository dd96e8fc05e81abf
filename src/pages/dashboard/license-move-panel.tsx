/**
 * "Move N users from <retired license> to <new license>" on a customer's page: the preview first
 * (planLicenseMove: who holds the retired license, what each user gets, the target's free units and,
 * when they are short, the choice of moving as many as fit or nobody, naming the purchase to
 * increase), then the run (runLicenseMove: one request per user, throttled, cancellable, per-user
 * results with what to do), then the reassign step recorded with its evidence (reassignEvent).
 *
 * A rerun reads the customer afresh and plans again, so it only touches users still on the retired
 * license; the engine never sends a user's change twice.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { realClock } from '../../api/clock.ts';
import { outcomeMessageKey, reassignEvent, runLicenseMove, type LicenseMoveProgress, type LicenseMoveRun, type UserMoveResult } from '../../api/license-move.ts';
import { freeUnits, planLicenseMove, type LicenseMovePlan, type PlannedMove } from '../../core/license-move-plan.ts';
import type { UsersCount } from '../../core/migration.ts';
import { formatTime, t, tn } from '../shared/i18n.ts';
import { send } from '../shared/worker-client.ts';
import type { ApiConnection } from './api-connection.tsx';
import type { CustomerApiRead } from './api-actions-model.ts';
import { apiProblemKey, apiProblemOf, tellConnection } from './api-problem.ts';

export interface LicenseMovePanelProps {
  customerId: string;
  read: CustomerApiRead;
  retiredSkuId: string;
  targetSkuId: string;
  /** The tracker's reassign counts now (the customer's migration), carried on by the recorded step. */
  usersBefore: UsersCount | null;
  /** The tracker has the purchase step done; else the subscribed target, seen through the API, is recorded as the purchase. */
  purchaseDone: boolean;
  connection: ApiConnection;
  /** A run started or ended: the page keeps other API actions (and a new read) off meanwhile. */
  onRunning(running: boolean): void;
  /** A run ended: what it did to the users' licenses. */
  onMoved(plan: LicenseMovePlan, run: LicenseMoveRun): void;
  /** Reads the customer again; false when the read failed (the page says why). */
  onReRead(): Promise<boolean>;
  onClose(): void;
}

type Recorded = 'yes' | 'failed' | 'nothing';

type Phase =
  | { kind: 'preview' }
  | { kind: 'running'; plan: LicenseMovePlan; progress: LicenseMoveProgress | null }
  | { kind: 'finished'; plan: LicenseMovePlan; run: LicenseMoveRun; evidence: string | null; recorded: Recorded };

/** Per-user progress arrives as each user settles; the table repaints at most this often. */
const REPAINT_MS = 200;

function changeText(plan: LicenseMovePlan, move: PlannedMove): string {
  const target = plan.target?.name ?? '';
  return move.assign.length > 0 ? t('license_move_change_swap', target, plan.retired.name) : t('license_move_change_remove', target, plan.retired.name);
}

function resultText(result: UserMoveResult): string {
  return t(outcomeMessageKey(result.outcome), result.detail ?? '');
}

function UserName({ user }: { user: { displayName: string; userPrincipalName: string | null } }) {
  return (
    <>
      {user.displayName}
      {user.userPrincipalName && user.userPrincipalName !== user.displayName ? <span class="muted"> · {user.userPrincipalName}</span> : null}
    </>
  );
}

/** Every holder of the retired license and what the plan does for them; with `results`, how it went. */
function UsersTable({ plan, results }: { plan: LicenseMovePlan; results?: ReadonlyMap<string, UserMoveResult> }) {
  return (
    <div class="move-users">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('license_move_col_user')}</th>
            <th scope="col">{t('license_move_col_change')}</th>
            {results ? <th scope="col">{t('license_move_col_result')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {plan.moves.map((move) => {
            const result = results?.get(move.user.userId);
            return (
              <tr key={move.user.userId} data-user-id={move.user.userId} data-outcome={results ? (result?.outcome ?? 'pending') : undefined}>
                <td>
                  <UserName user={move.user} />
                </td>
                <td>{changeText(plan, move)}</td>
                {results ? <td>{result ? resultText(result) : '…'}</td> : null}
              </tr>
            );
          })}
          {/* No user is left out by choice here: the page moves every holder it can. */}
          {plan.leftOut.map(({ user }) => (
            <tr key={user.userId} data-user-id={user.userId} class="left-out">
              <td>
                <UserName user={user} />
              </td>
              <td>{t('license_move_change_stays', plan.retired.name)}</td>
              {results ? <td /> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Preview(props: LicenseMovePanelProps & { onRun(plan: LicenseMovePlan): void }) {
  const { read, retiredSkuId, targetSkuId } = props;
  const [whenShort, setWhenShort] = useState<'as-many-as-fit' | 'none'>('as-many-as-fit');
  const fitting = planLicenseMove(read.users, read.skus, { retiredSkuId, targetSkuId, whenShort: 'as-many-as-fit' });
  const plan = whenShort === 'none' ? planLicenseMove(read.users, read.skus, { retiredSkuId, targetSkuId, whenShort }) : fitting;
  const free = freeUnits(plan.target);
  const count = plan.moves.length;
  return (
    <div class="move-preview" data-testid="move-preview">
      <p>
        <strong>{t('license_move_preview_heading')}</strong>
      </p>
      <p data-testid="move-holders">{tn('license_move_preview_holders', plan.holders.length, plan.holders.length, plan.retired.name)}</p>
      {plan.target ? <p data-testid="move-target">{tn('license_move_preview_target', free, free, plan.target.name)}</p> : null}
      {plan.blocked ? (
        <p class="notice" role="alert">
          {t(`license_move_blocked_${plan.blocked.replace(/-/g, '_')}`)}
        </p>
      ) : null}
      {plan.shortfall && !plan.blocked ? (
        <fieldset class="move-shortfall" data-testid="move-shortfall">
          <legend>{t('license_move_shortfall', plan.shortfall.skuName, plan.units.available, plan.units.needed, plan.shortfall.missing)}</legend>
          <label>
            <input type="radio" name={`short-${retiredSkuId}`} checked={whenShort === 'as-many-as-fit'} onChange={() => setWhenShort('as-many-as-fit')} />{' '}
            {tn('license_move_when_short_fit', fitting.moves.length, fitting.moves.length)}
          </label>
          <label>
            <input type="radio" name={`short-${retiredSkuId}`} checked={whenShort === 'none'} onChange={() => setWhenShort('none')} /> {t('license_move_when_short_none')}
          </label>
        </fieldset>
      ) : null}
      {plan.holders.length > 0 ? <UsersTable plan={plan} /> : null}
      <p class="buttons">
        <button type="button" class="primary" disabled={count === 0 || !props.connection.state.ready} onClick={() => props.onRun(plan)}>
          {tn('license_move_run', count, count)}
        </button>{' '}
        <button type="button" onClick={props.onClose}>
          {t('api_actions_close')}
        </button>
      </p>
    </div>
  );
}

function Results({ plan, results }: { plan: LicenseMovePlan; results: readonly UserMoveResult[] }) {
  const problems = results.filter((r) => r.outcome !== 'moved');
  const byId = new Map(results.map((r) => [r.userId, r]));
  return (
    <>
      {problems.length > 0 ? (
        <div class="move-problems">
          <p>
            <strong>{tn('license_move_problems', problems.length, problems.length)}</strong>
          </p>
          <ul>
            {problems.map((r) => (
              <li key={r.userId} data-user-id={r.userId} data-outcome={r.outcome}>
                <UserName user={r} />: {resultText(r)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <details class="move-all">
        <summary>{tn('license_move_all_users', plan.moves.length, plan.moves.length)}</summary>
        <UsersTable plan={plan} results={byId} />
      </details>
    </>
  );
}

function Summary({ phase }: { phase: Extract<Phase, { kind: 'finished' }> }) {
  const { run } = phase;
  const moved = run.results.filter((r) => r.outcome === 'moved').length;
  let text: string;
  if (run.state === 'done') text = phase.evidence ?? t('license_move_result_nothing');
  else if (run.state === 'cancelled') text = tn('license_move_result_cancelled', moved, moved);
  else {
    const problem = apiProblemOf(run.stopReason?.kind ?? 'unexpected');
    text = `${t('license_move_result_stopped')} ${t(apiProblemKey(problem))}`;
  }
  return (
    <div class="move-summary" data-state={run.state}>
      <p role="status" data-testid="move-summary">
        {text}
      </p>
      {run.state === 'stopped' && run.stopReason ? <p class="muted">{run.stopReason.message}</p> : null}
      {phase.recorded === 'yes' ? <p class="muted">{t('license_move_recorded')}</p> : null}
      {phase.recorded === 'failed' ? <p role="alert">{t('dash_error_worker')}</p> : null}
    </div>
  );
}

export function LicenseMovePanel(props: LicenseMovePanelProps) {
  const [phase, setPhase] = useState<Phase>({ kind: 'preview' });
  const [rereading, setRereading] = useState(false);
  const controller = useRef<AbortController | null>(null);
  // The run outlives a render: it records against the latest counts, not those of when it started.
  const latest = useRef(props);
  latest.current = props;
  // Leaving the page cancels the run: its users are recorded as far as they got, a rerun finishes.
  useEffect(() => () => controller.current?.abort(new DOMException('Left the page', 'AbortError')), []);

  const run = async (plan: LicenseMovePlan) => {
    const api = props.connection.client();
    if (!api) return;
    const abort = new AbortController();
    controller.current = abort;
    props.onRunning(true);
    setPhase({ kind: 'running', plan, progress: null });
    let pending: LicenseMoveProgress | null = null;
    let repaint: ReturnType<typeof setTimeout> | null = null;
    try {
      const result = await runLicenseMove({
        api,
        customerId: props.customerId,
        plan,
        clock: realClock,
        signal: abort.signal,
        onProgress: (progress) => {
          pending = progress;
          repaint ??= setTimeout(() => {
            repaint = null;
            if (pending) setPhase((p) => (p.kind === 'running' ? { ...p, progress: pending } : p));
          }, REPAINT_MS);
        },
      });
      if (result.stopReason) tellConnection(props.connection, apiProblemOf(result.stopReason.kind));
      latest.current.onMoved(plan, result);
      const { evidence, recorded } = await record(plan, result);
      setPhase({ kind: 'finished', plan, run: result, evidence, recorded });
    } finally {
      if (repaint !== null) clearTimeout(repaint);
      controller.current = null;
      latest.current.onRunning(false);
    }
  };

  /**
   * The reassign step's progress, after the purchase it rests on: the target is one of the
   * customer's subscribed SKUs, so the new subscription was bought (recorded so, unless the tracker
   * already has it, rather than leaving step 2 done "out of order").
   */
  const record = async (plan: LicenseMovePlan, result: LicenseMoveRun): Promise<{ evidence: string | null; recorded: Recorded }> => {
    const { customerId, usersBefore, purchaseDone, read } = latest.current;
    const event = reassignEvent(customerId, plan, result, usersBefore, '');
    if (!event) return { evidence: null, recorded: 'nothing' };
    const key = result.verification ? 'license_move_evidence' : 'license_move_progress';
    const evidence = tn(key, event.total, event.moved, event.total, formatTime(result.verifiedAt));
    try {
      if (!purchaseDone && plan.target) {
        const page = `/v1/customers/${encodeURIComponent(customerId)}/subscribedskus`;
        const text = t('license_move_purchase_evidence', plan.target.name, formatTime(read.at));
        await send({ kind: 'migration/apply', customerId, event: { type: 'purchase-detected', evidence: { source: 'api', page, text } } });
      }
      await send({ kind: 'migration/apply', customerId, event: { ...event, evidence: { ...event.evidence, text: evidence } } });
      return { evidence, recorded: 'yes' };
    } catch {
      return { evidence, recorded: 'failed' };
    }
  };

  const runAgain = async () => {
    setRereading(true);
    const ok = await props.onReRead();
    setRereading(false);
    if (ok) setPhase({ kind: 'preview' });
  };

  if (phase.kind === 'preview') return <Preview {...props} onRun={(plan) => void run(plan)} />;

  if (phase.kind === 'running') {
    const done = phase.progress?.done ?? 0;
    const total = phase.plan.moves.length;
    return (
      <div class="move-run" data-state="running">
        <progress max={Math.max(1, total)} value={done} aria-label={t('license_move_progress_label')} />
        <p role="status" aria-live="polite" data-testid="move-progress" data-done={done}>
          {tn('license_move_progress_status', total, done, total)}
        </p>
        <p>
          <button type="button" onClick={() => controller.current?.abort(new DOMException('Cancelled', 'AbortError'))}>
            {t('license_move_cancel')}
          </button>
        </p>
        <Results plan={phase.plan} results={phase.progress?.results ?? []} />
      </div>
    );
  }

  const left = phase.run.verification?.usersLeftOnRetired ?? phase.plan.holders.length - phase.run.results.filter((r) => r.outcome === 'moved').length;
  return (
    <div class="move-run" data-state={phase.run.state}>
      <Summary phase={phase} />
      <Results plan={phase.plan} results={phase.run.results} />
      <p class="buttons">
        {left > 0 ? (
          <>
            <button type="button" disabled={rereading || !props.connection.state.ready} onClick={() => void runAgain()}>
              {tn('license_move_run_again', left, left)}
            </button>{' '}
          </>
        ) : null}
        <button type="button" onClick={props.onClose}>
          {t('api_actions_close')}
        </button>
      </p>
    </div>
  );
}
