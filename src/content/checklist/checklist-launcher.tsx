import { t, tn } from '../lib/i18n.ts';
import type { ChecklistModel } from '../../core/checklist-view.ts';
import type { Placement } from './placement.ts';
import { cornerStyle } from './checklist-panel.tsx';
import { trusted } from '../lib/trusted.ts';

/** The small button that opens the checklist: where the customer stands, at a glance. */
export function ChecklistLauncher({ model, placement, onOpen }: { model: ChecklistModel; placement: Placement; onOpen(): void }) {
  const done = model.steps.filter((s) => s.status === 'done').length;
  // The model decides (users cut off keep it red, whatever the steps say).
  const tone = model.launcherTone ? `u-${model.launcherTone}` : '';
  const { ['max-height']: _ignored, ...style } = cornerStyle(placement);
  return (
    <button
      type="button"
      class="launcher"
      style={style}
      aria-expanded="false"
      data-testid="checklist-launcher"
      data-tone={model.launcherTone ?? 'none'}
      onClick={trusted(onOpen)}
      // The accessible name starts with the visible text (WCAG 2.5.3, label in name), then says what the button does.
      aria-label={`${t('checklist_launcher', [String(done), String(model.steps.length)])}. ${tn('checklist_launcher_label', done, [String(done), String(model.steps.length), model.customerName ?? model.customerId])}`}
    >
      <span class={`dot ${tone}`} aria-hidden="true" />
      {t('checklist_launcher', [String(done), String(model.steps.length)])}
    </button>
  );
}
