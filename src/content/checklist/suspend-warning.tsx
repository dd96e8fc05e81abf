import type { SuspendGuard } from '../../core/migration.ts';
import { t } from '../i18n.ts';
import { mountInShadow, type ShadowMount } from '../shadow-host.ts';
import { partnerCenterLabelVariants } from '../progress/partner-center-labels.ts';
import { isPrimaryAction } from './primary-buttons.ts';
import { WARNING_CSS } from './checklist-styles.ts';

/**
 * The suspend guard at the moment it matters: on the retired subscription's details page, when the
 * partner picks "Suspended" in the Status control, or reaches Submit with it picked, while users still
 * hold the retired licence (or the subscription is from another channel). The warning appears right
 * there, under the control. It warns; it never hides, disables or intercepts Partner Center's button.
 */
export interface SuspendWarningOptions {
  doc: Document;
  signal: AbortSignal;
  /** Is this page the details of a retired subscription (decided on the live page each time)? */
  isRetiredSubscription(): boolean;
  guard(): SuspendGuard;
  retiredNames(): string[];
  usersPageUrl(): string;
  /** The partner confirmed; record the override (or, when allowed, the request). */
  onSuspendIntent(override: boolean): Promise<void>;
}

const SUSPENDED_WORDS = new Set(partnerCenterLabelVariants('suspended').map((w) => w.toLowerCase()));
const isSuspendedText = (text: string | null | undefined) => SUSPENDED_WORDS.has((text ?? '').replace(/\s+/g, ' ').trim().toLowerCase());

function Warning({ guard, names, usersUrl, recorded, onOverride }: {
  guard: SuspendGuard; names: string[]; usersUrl: string; recorded: boolean; onOverride(): void;
}) {
  if (guard.verdict === 'blocked' && guard.reason === 'other-channel') {
    return <div class="warning" role="alert" data-testid="suspend-warning"><strong>{t('checklist_warn_other_channel_title')}</strong>{t('checklist_notice_other_channel')}</div>;
  }
  if (guard.verdict !== 'needs-override') return null;
  return (
    <div class="warning" role="alert" data-testid="suspend-warning">
      <strong>{t('checklist_warn_suspend_title')}</strong>
      {guard.usersLeft === null ? t('checklist_notice_users_unknown') : t('checklist_warn_suspend_users', [String(guard.usersLeft), names.join(', ')])}{' '}
      <a href={usersUrl}>{t('checklist_link_users')}</a>
      <div>
        {recorded ? (
          <em>{t('checklist_warn_override_recorded')}</em>
        ) : (
          <button type="button" onClick={onOverride}>{t('checklist_warn_override')}</button>
        )}
      </div>
    </div>
  );
}

/** `refresh()` re-decides a warning on screen (the worker's answer changed the guard). */
export interface SuspendWatch {
  refresh(): void;
}

export function watchSuspendIntent(options: SuspendWarningOptions): SuspendWatch {
  const { doc, signal } = options;
  let mount: ShadowMount | null = null;
  let anchor: Element | null = null;
  let suspendChosen = false;
  let recorded = false;

  const hide = () => {
    mount?.remove();
    mount = null;
    anchor = null;
  };
  signal.addEventListener('abort', hide, { once: true });

  const show = (at: Element) => {
    const guard = options.guard();
    if (guard.verdict === 'allowed') {
      hide();
      void options.onSuspendIntent(false).catch(() => undefined);
      return;
    }
    if (guard.verdict === 'blocked' && guard.reason !== 'other-channel') {
      hide();
      return;
    }
    const ui = (
      <Warning guard={guard} names={options.retiredNames()} usersUrl={options.usersPageUrl()} recorded={recorded}
        onOverride={() => {
          void options.onSuspendIntent(true).then(() => {
            recorded = true;
            if (anchor) show(anchor);
          }, () => undefined);
        }} />
    );
    if (mount && anchor === at) {
      mount.update(ui);
      return;
    }
    hide();
    anchor = at;
    mount = mountInShadow(ui, { name: 'suspend-warning', css: WARNING_CSS, display: 'block', place: { after: at } });
  };

  const consider = (target: Element | null) => {
    if (!target || !options.isRetiredSubscription()) return;
    if (target instanceof HTMLSelectElement) {
      suspendChosen = isSuspendedText(target.selectedOptions[0]?.textContent);
      if (suspendChosen) show(target);
      else hide();
      return;
    }
    // Custom dropdowns (role="option" in a listbox): the option's text is the choice.
    if (target.getAttribute('role') === 'option') {
      suspendChosen = isSuspendedText(target.textContent);
      const combo = target.closest('[role="listbox"]')?.parentElement ?? target.parentElement;
      if (suspendChosen && combo) show(combo);
      else if (!suspendChosen) hide();
      return;
    }
    // Reaching Submit with Suspended chosen: make sure the warning is there (it may have been closed).
    if (suspendChosen && isPrimaryAction(target) && !mount) show(target);
  };

  const first = (event: Event): Element | null => {
    const node = event.composedPath()[0];
    return node instanceof Element ? node : null;
  };
  // input and focusin are composed: they reach the document from inside Partner Center's shadow roots.
  doc.addEventListener('input', (e) => consider(first(e)), { capture: true, signal });
  doc.addEventListener('change', (e) => consider(first(e)), { capture: true, signal });
  doc.addEventListener('focusin', (e) => consider(first(e)), { capture: true, signal });
  doc.addEventListener('click', (e) => {
    const target = first(e);
    const option = target?.closest('[role="option"]') ?? null;
    consider(option ?? target);
  }, { capture: true, signal });
  return {
    refresh() {
      if (anchor && !signal.aborted) show(anchor);
    },
  };
}
