/**
 * The overview above the table, read in two seconds: customers by step (one stacked bar) and end
 * dates that still cut someone off, overdue and over the next 30 / 60 / 90 days (four bars). Drawn
 * here in SVG, no remote asset. Every part is a filter: the buttons (the accessible controls, with
 * aria-pressed) and the shapes (a click target for the mouse; hidden from screen readers, which get
 * the same counts from the buttons) set it, a second press clears it.
 */
import type { ComponentChildren } from 'preact';
import type { TrackedPhase } from '../../core/tracked-customers.ts';
import type { CustomerFilter } from './customer-filter.ts';
import { END_WINDOWS, type EndWindow, type OverviewCounts } from '../../core/overview-counts.ts';
import { formatCount, phaseLabel, t, tn } from '../shared/i18n.ts';

/** The steps in the order a migration goes through them; invite and renewal only when some customer is there. */
const STEPS: readonly TrackedPhase[] = ['purchase', 'reassign', 'suspend', 'suspended', 'deprovisioned', 'customer-must-cancel'];
const OCCASIONAL: readonly TrackedPhase[] = ['invite', 'renew'];

const STACK = { width: 1000, height: 64 };
/** A step with a few customers among thousands still shows (and can be clicked). */
const MIN_SEGMENT = 6;
const BAR_AREA = { width: 400, height: 100, bar: 56, top: 20 };

export function Overview(props: { counts: OverviewCounts; filter: CustomerFilter; onFilter: (patch: Partial<CustomerFilter>) => void }) {
  const { counts, filter, onFilter } = props;
  const steps = [...STEPS, ...OCCASIONAL.filter((p) => counts.phases[p] > 0)];
  const togglePhase = (phase: TrackedPhase) => onFilter({ phase: filter.phase === phase ? 'all' : phase });
  const toggleWindow = (window: EndWindow) => onFilter({ window: filter.window === window ? 'all' : window });
  return (
    <div class="overview">
      <div class="overview-card" role="group" aria-labelledby="overview-steps" aria-describedby="overview-steps-help">
        <h3 id="overview-steps">{t('dash_overview_steps')}</h3>
        <p id="overview-steps-help" class="muted">
          {tn('dash_overview_steps_help', counts.total, formatCount(counts.total))}
        </p>
        <StepStack steps={steps} counts={counts} onPick={togglePhase} />
        <ul class="legend">
          {steps.map((phase) => (
            <li key={phase}>
              <PartButton class="legend-item" data={{ 'data-phase': phase }} pressed={filter.phase === phase} count={counts.phases[phase]} onClick={() => togglePhase(phase)}>
                <span class={`swatch fill-${phase}`} aria-hidden="true" />
                <span class="legend-label">{phaseLabel(phase)}</span>
              </PartButton>
            </li>
          ))}
        </ul>
      </div>
      <div class="overview-card" role="group" aria-labelledby="overview-ends" aria-describedby="overview-ends-help">
        <h3 id="overview-ends">{t('dash_overview_ends')}</h3>
        <p id="overview-ends-help" class="muted">
          {t('dash_overview_ends_help')}
        </p>
        <EndBars counts={counts} onPick={toggleWindow} />
        <ul class="windows">
          {END_WINDOWS.map((window) => (
            <li key={window}>
              <PartButton class="window-item" data={{ 'data-window': window }} pressed={filter.window === window} count={counts.windows[window]} onClick={() => toggleWindow(window)}>
                <span class="legend-label">{t(`dash_window_${window.replace('-', '_')}`)}</span>
              </PartButton>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** One part of the overview as a toggle: its label and count; a part with nobody in it cannot be picked (unless it is the filter on). */
function PartButton(props: { class: string; data: Record<string, string>; pressed: boolean; count: number; onClick: () => void; children: ComponentChildren }) {
  return (
    <button type="button" class={props.class} {...props.data} aria-pressed={props.pressed} disabled={props.count === 0 && !props.pressed} onClick={props.onClick}>
      {props.children}
      <strong class="legend-count">{formatCount(props.count)}</strong>
    </button>
  );
}

function StepStack({ steps, counts, onPick }: { steps: readonly TrackedPhase[]; counts: OverviewCounts; onPick: (phase: TrackedPhase) => void }) {
  const shown = steps.filter((p) => counts.phases[p] > 0);
  const raw = shown.map((p) => Math.max(MIN_SEGMENT, (counts.phases[p] / Math.max(1, counts.total)) * STACK.width));
  const scale =
    STACK.width /
    Math.max(
      1,
      raw.reduce((a, b) => a + b, 0),
    );
  let x = 0;
  return (
    <svg class="stack" viewBox={`0 0 ${STACK.width} ${STACK.height}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect class="track" x="0" y="0" width={STACK.width} height={STACK.height} rx="4" />
      {shown.map((phase, i) => {
        const width = raw[i]! * scale;
        const segment = <rect key={phase} class={`segment fill-${phase}`} data-phase={phase} x={x} y="0" width={width} height={STACK.height} onClick={() => onPick(phase)} />;
        x += width;
        return segment;
      })}
    </svg>
  );
}

function EndBars({ counts, onPick }: { counts: OverviewCounts; onPick: (window: EndWindow) => void }) {
  const max = Math.max(1, ...END_WINDOWS.map((w) => counts.windows[w]));
  const column = BAR_AREA.width / END_WINDOWS.length;
  const room = BAR_AREA.height - BAR_AREA.top;
  return (
    <svg class="bars" viewBox={`0 0 ${BAR_AREA.width} ${BAR_AREA.height}`} aria-hidden="true" focusable="false">
      <line class="baseline" x1="0" x2={BAR_AREA.width} y1={BAR_AREA.height - 0.5} y2={BAR_AREA.height - 0.5} />
      {END_WINDOWS.map((window, i) => {
        const count = counts.windows[window];
        const height = count === 0 ? 0 : Math.max(3, (count / max) * room);
        const x = i * column + (column - BAR_AREA.bar) / 2;
        return (
          <g key={window} class={`bar bar-${window}`} data-window={window} onClick={() => onPick(window)}>
            <rect x={x} y={BAR_AREA.height - height} width={BAR_AREA.bar} height={height} rx="3" />
            <text x={x + BAR_AREA.bar / 2} y={BAR_AREA.height - height - 6} text-anchor="middle">
              {formatCount(count)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
