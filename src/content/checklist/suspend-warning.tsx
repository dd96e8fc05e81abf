import type { ChecklistGuard } from '../../core/checklist-view.ts';
import type { NeedCoverage } from '../../core/purchase.ts';
import { t, tn } from '../lib/i18n.ts';
import { mountInShadow, type ShadowMount } from '../lib/shadow-host.ts';
import { statusFromCell, statusFromLabelledText } from '../progress/status-words.ts';
import { closestAcrossShadow, deepQuerySelectorAll, isOwnElement } from '../lib/deep-dom.ts';
import { scannedShadowRoots } from '../scanner.ts';
import { WARNING_CSS } from './suspend-warning-styles.ts';
import { trusted } from '../lib/trusted.ts';

/**
 * The suspend guard at the moment it matters: on the retired subscription's details page, when the
 * Status control (native select, ARIA combobox or custom select, radio group) holds "Suspended" while
 * users still hold the retired licence (or the subscription is from another channel). The control's
 * current value is read (not the event that changed it), so every control shape, a choice made before
 * this module loaded and a page re-render all keep the warning under the control while "Suspended"
 * stays chosen. It warns; it never hides, disables or intercepts Partner Center's button.
 */
export interface SuspendWarningOptions {
  doc: Document;
  signal: AbortSignal;
  /** Is this page the details of a retired subscription (decided on the live page each time)? */
  isRetiredSubscription(): boolean;
  guard(): ChecklistGuard;
  retiredNames(): string[];
  usersPageUrl(): string;
  /**
   * A product still to buy, as the checklist words it (./plan-text.ts): given by the checklist, so
   * this module, loaded on a details page only, shares no code with the checklist's own chunk.
   */
  missingText(need: NeedCoverage): string;
  /** The partner confirmed; record the override (or, when allowed, the request). */
  onSuspendIntent(override: boolean): Promise<void>;
}

/** The words of a control's text, without the caret or check glyphs around them ("Suspended ▾"). */
const statusText = (text: string) =>
  text
    .replace(/[^\p{L}\p{M}\s'’-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
/** "Suspended" alone, or after a "Status" label some comboboxes show inside ("Status: Suspended"). */
const isSuspendedText = (text: string | null | undefined) => statusFromCell(statusText(text ?? '')) === 'suspended' || statusFromLabelledText(text ?? '') === 'suspended';

function Warning({
  guard,
  names,
  usersUrl,
  recorded,
  missingText,
  onOverride,
}: {
  guard: ChecklistGuard;
  names: string[];
  usersUrl: string;
  recorded: boolean;
  missingText(need: NeedCoverage): string;
  onOverride(): void;
}) {
  if (guard.verdict === 'blocked' && guard.reason === 'other-channel') {
    return (
      <div class="warning" role="alert" data-testid="suspend-warning">
        <strong>{t('checklist_warn_other_channel_title')}</strong>
        {t('checklist_notice_other_channel')}
      </div>
    );
  }
  if (guard.verdict === 'blocked' && guard.reason === 'new-commerce') {
    return (
      <div class="warning" role="alert" data-testid="suspend-warning">
        <strong>{t('checklist_warn_new_commerce_title')}</strong>
        {t('checklist_warn_new_commerce')}
      </div>
    );
  }
  if (guard.verdict !== 'needs-override') return null;
  const missing = guard.missing ?? [];
  return (
    <div class="warning" role="alert" data-testid="suspend-warning">
      <strong>{t('checklist_warn_suspend_title')}</strong>
      {guard.usersLeft === null
        ? t('checklist_notice_users_unknown')
        : guard.usersLeft > 0
          ? tn('checklist_warn_suspend_users', guard.usersLeft, [String(guard.usersLeft), names.join(', ')])
          : null}{' '}
      {missing.length > 0 ? <span data-testid="suspend-warning-shortfall">{t('checklist_warn_purchase_short', [missing.map(missingText).join('; ')])} </span> : null}
      <a href={usersUrl}>{t('checklist_link_users')}</a>
      <div>
        {recorded ? (
          <em>{t('checklist_warn_override_recorded')}</em>
        ) : (
          <button type="button" onClick={trusted(onOverride)}>
            {t('checklist_warn_override')}
          </button>
        )}
      </div>
    </div>
  );
}

/** `refresh()` re-decides a warning on screen (the worker's answer changed the guard). */
export interface SuspendWatch {
  refresh(): void;
}

/** Every shape a Status control takes: native select, ARIA combobox (incl. custom elements), radios. */
const CONTROL_SELECTOR = 'select, [role="combobox"], input[type="radio"], [role="radio"], [role="listbox"]';
/** Events after which a control may hold a new value (change crosses shadow roots when composed). */
const TRIGGERS = ['input', 'change', 'click', 'keyup', 'focusin', 'pointerdown'] as const;

/** Text of `element` without its popup options (a combobox may hold its listbox inline). */
function shownText(element: Element): string {
  const parts: string[] = [];
  const visit = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.nodeValue ?? '');
    if (node instanceof Element) {
      if (isOwnElement(node) || node.getAttribute('aria-hidden') === 'true') return;
      const role = node.getAttribute('role');
      if (node !== element && (role === 'listbox' || role === 'option')) return;
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(element);
  if (element.shadowRoot && parts.join('').trim() === '') visit(element.shadowRoot);
  return parts.join(' ');
}

function radioLabel(radio: Element): string {
  if (radio instanceof HTMLInputElement) {
    const label = radio.labels?.[0];
    if (label) return label.textContent ?? '';
    return radio.getAttribute('aria-label') ?? radio.value;
  }
  return radio.getAttribute('aria-label') ?? shownText(radio);
}

/** What the control holds now, as the partner sees it; null when it holds nothing chosen. */
export function currentChoice(control: Element, picked: Element | null = null): string | null {
  if (control instanceof HTMLSelectElement) return control.selectedOptions[0]?.textContent ?? null;
  if (control instanceof HTMLInputElement && control.type === 'radio') return control.checked ? radioLabel(control) : null;
  const role = control.getAttribute('role');
  if (role === 'radio') return control.getAttribute('aria-checked') === 'true' ? radioLabel(control) : null;
  if (role === 'listbox') {
    // Some listboxes never mark the chosen option: the option the partner last clicked in it is the choice.
    const selected = control.querySelector('[role="option"][aria-selected="true"]') ?? (picked && control.contains(picked) ? picked : null);
    return selected ? shownText(selected) : null;
  }
  // A combobox: what it shows, or its value. A content script runs in an isolated world: properties a
  // page's custom element defines (he-select's `value`) are invisible here, only the DOM is shared (its
  // attributes, its text, its open shadow root). Inputs' own `value` is DOM and readable.
  const candidates = [
    shownText(control),
    control.getAttribute('aria-valuetext'),
    // The live value before the attribute, which only says what the page first rendered.
    (control as Element & { value?: unknown }).value,
    control.getAttribute('value'),
  ];
  for (const candidate of candidates) if (typeof candidate === 'string' && statusFromCell(statusText(candidate))) return candidate;
  return shownText(control);
}

/** Where the warning goes for a control: after the whole radio group, after the control (or its wrapping label) otherwise. */
function anchorOf(control: Element): Element {
  if (control instanceof HTMLInputElement || control.getAttribute('role') === 'radio') {
    return closestAcrossShadow(control, '[role="radiogroup"], fieldset') ?? control.closest('label') ?? control;
  }
  // Not inside a wrapping <label>: a click in the warning would be forwarded to the control.
  return control.closest('label') ?? control;
}

/**
 * The Status control currently showing "Suspended", if any. The value identifies the control (no
 * other control on a subscription page holds that word), so the page's markup need not be known.
 * A listbox counts only when the page has no combobox: otherwise it is a combobox's popup, which the
 * page removes once an option is picked (the combobox then shows the choice).
 */
export function suspendedControl(doc: Document, picked: Element | null = null): Element | null {
  const controls = deepQuerySelectorAll(doc, CONTROL_SELECTOR, scannedShadowRoots(doc)).filter((c) => !isOwnElement(c));
  const hasCombobox = controls.some((c) => c.getAttribute('role') === 'combobox');
  for (const control of controls) {
    if (control.getAttribute('role') === 'listbox' && (hasCombobox || control.closest('[role="combobox"]'))) continue;
    // A native select showing the option the page rendered as selected states the subscription's
    // current status (already suspended), not a choice the partner made.
    if (control instanceof HTMLSelectElement && control.selectedOptions[0]?.defaultSelected) continue;
    if (isSuspendedText(currentChoice(control, picked))) return control;
  }
  return null;
}

export function watchSuspendIntent(options: SuspendWarningOptions): SuspendWatch {
  const { doc, signal } = options;
  let mount: ShadowMount | null = null;
  let anchor: Element | null = null;
  let recorded = false;
  /** "Suspended" was chosen and the allowed intent already sent for this choice: once per choice. */
  let intentSent = false;
  /** The option last clicked (its icon may sit in the option's own shadow root). */
  let picked: Element | null = null;

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
      if (!intentSent) {
        intentSent = true;
        void options.onSuspendIntent(false).catch(() => undefined);
      }
      return;
    }
    if (guard.verdict === 'blocked' && guard.reason !== 'other-channel' && guard.reason !== 'new-commerce') {
      hide();
      return;
    }
    const ui = (
      <Warning
        guard={guard}
        names={options.retiredNames()}
        usersUrl={options.usersPageUrl()}
        recorded={recorded}
        missingText={options.missingText}
        onOverride={() => {
          void options.onSuspendIntent(true).then(
            () => {
              recorded = true;
              evaluate();
            },
            () => undefined,
          );
        }}
      />
    );
    // Still where it belongs: re-render in place. Detached by a re-render of the page, or the control
    // replaced: place it again (as row-annotations.ts does for badges).
    if (mount && anchor === at && mount.host.isConnected && mount.host.parentNode === at.parentNode) {
      mount.update(ui);
      return;
    }
    hide();
    anchor = at;
    mount = mountInShadow(ui, { name: 'suspend-warning', css: WARNING_CSS, display: 'block', place: { after: at } });
  };

  /** Reads the page as it is now: the warning shows while a Status control holds "Suspended". */
  function evaluate(): void {
    if (signal.aborted) return;
    const control = suspendedControl(doc, picked?.isConnected ? picked : null);
    if (!control || !options.isRetiredSubscription()) {
      intentSent = false;
      hide();
      return;
    }
    show(anchorOf(control));
  }

  // The page updates its control in its own handler of the same event (and a popup closes after a
  // pick): read once the event is done. One read per burst of events.
  let pending: ReturnType<typeof setTimeout> | undefined;
  const later = (): void => {
    if (pending !== undefined || signal.aborted) return;
    pending = setTimeout(() => {
      pending = undefined;
      evaluate();
    }, 0);
  };
  signal.addEventListener('abort', () => clearTimeout(pending), { once: true });
  // Capture on the document: composed events reach it from inside Partner Center's shadow roots.
  for (const type of TRIGGERS) doc.addEventListener(type, later, { capture: true, passive: true, signal });
  doc.addEventListener(
    'click',
    (event) => {
      const target = event.composedPath()[0];
      if (target instanceof Element) picked = closestAcrossShadow(target, '[role="option"]') ?? picked;
    },
    { capture: true, passive: true, signal },
  );
  // The page re-rendering the form (or a control changed by script) is seen too: the warning stays
  // while "Suspended" stays chosen. Only our own pass runs per burst, on a page with a few dozen nodes.
  const observer = new MutationObserver(later);
  observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-checked', 'aria-selected', 'value', 'selected', 'checked'] });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  // A choice made before this module loaded (the checklist is loaded lazily) is read now.
  evaluate();
  return {
    refresh() {
      evaluate();
    },
  };
}
