/**
 * The badge placed right after a retired SKU's name: "Retired → <recommended target>" (+ days left
 * when the row shows "Expires on"). Hover, focus or click opens the details: every target from the
 * table (with today's catalog name), the retirement facts, the caveats, and a way to the checklist.
 *
 * The details are a popover in the top layer, so grid cells that clip their overflow cannot cut
 * them; they render only while open (hundreds of badges cost one button each).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { BadgeModel } from './badge-model.ts';
import { daysLeftMessage, distinguishingName } from './badge-model.ts';
import { fitToRoom, WHOLE_NAME, type BadgeFit } from './badge-fit.ts';
import { formatDay, t } from '../lib/i18n.ts';
import { canOpenChecklist, openChecklist, watchChecklistAvailability } from '../open-checklist.ts';

export interface RetiredBadgeProps {
  model: BadgeModel;
  customerId: string | null;
}

/** Delay before hover opens / closes the details: a pointer passing over a grid opens nothing. */
const HOVER_OPEN_MS = 250;
const HOVER_CLOSE_MS = 300;

let nextId = 0;

export function RetiredBadge({ model, customerId }: RetiredBadgeProps) {
  const [open, setOpen] = useState(false);
  const pinned = useRef(false);
  /** Closed with Escape or the close button: hover and the focus we put back do not reopen it. */
  const dismissed = useRef(false);
  const hoverTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const button = useRef<HTMLButtonElement>(null);
  const details = useRef<HTMLDivElement>(null);
  const id = useRef(`sku-shift-details-${++nextId}`);
  const labelRef = useRef<HTMLSpanElement>(null);
  const [fit, setFit] = useState<BadgeFit>(WHOLE_NAME);

  const show = (pin: boolean): void => {
    clearTimeout(hoverTimer.current);
    if (pin) {
      pinned.current = true;
      dismissed.current = false;
    }
    setOpen(true);
  };
  const hide = (returnFocus = false): void => {
    clearTimeout(hoverTimer.current);
    pinned.current = false;
    setOpen(false);
    if (returnFocus) {
      // Focus coming back from the details must not reopen them (focusin below).
      dismissed.current = true;
      button.current?.focus();
    }
  };
  /**
   * Escape (WCAG 1.4.13: content shown on hover or focus is dismissible without moving the pointer
   * or focus). The details stay closed until the pointer leaves and comes back, focus leaves and
   * comes back, or the badge is clicked. Focus only returns to the badge when it was in the details:
   * a badge that was merely hovered never takes focus.
   */
  const dismiss = (): void => {
    const root = button.current?.getRootNode() as ShadowRoot | Document | undefined;
    const active = root?.activeElement ?? null;
    const focusInDetails = active !== null && (details.current?.contains(active) ?? false);
    dismissed.current = true;
    hide(focusInDetails);
  };
  const hoverIn = (): void => {
    clearTimeout(hoverTimer.current);
    if (!open && !dismissed.current) hoverTimer.current = setTimeout(() => setOpen(true), HOVER_OPEN_MS);
  };
  const hoverOut = (): void => {
    clearTimeout(hoverTimer.current);
    dismissed.current = false;
    if (!pinned.current) hoverTimer.current = setTimeout(() => setOpen(false), HOVER_CLOSE_MS);
  };

  useEffect(() => () => clearTimeout(hoverTimer.current), []);

  // The replacement's name is cut only when the row has no room for it (./badge-fit.ts); followed from
  // before the host is placed (a layout effect), so its first layout already tells the room.
  useLayoutEffect(() => {
    const label = labelRef.current;
    const host = (label?.getRootNode() as ShadowRoot | undefined)?.host;
    return label && button.current && host ? fitToRoom(label, button.current, host, setFit) : undefined;
  }, []);

  // Place and show the popover when open; close on Escape or a click outside while open.
  useEffect(() => {
    const popover = details.current;
    const anchor = button.current;
    if (!open || !popover || !anchor) return;
    showPopover(popover);
    place(popover, anchor);
    scrollableByKeyboard(popover);
    const doc = anchor.ownerDocument;
    const host = (anchor.getRootNode() as ShadowRoot).host;
    const onPointerDown = (event: Event): void => {
      if (!event.composedPath().includes(host)) hide();
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') dismiss();
    };
    const onScroll = (): void => {
      place(popover, anchor);
      scrollableByKeyboard(popover);
    };
    doc.addEventListener('pointerdown', onPointerDown, true);
    doc.addEventListener('keydown', onKey, true);
    doc.defaultView?.addEventListener('scroll', onScroll, true);
    return () => {
      doc.removeEventListener('pointerdown', onPointerDown, true);
      doc.removeEventListener('keydown', onKey, true);
      doc.defaultView?.removeEventListener('scroll', onScroll, true);
      hidePopover(popover);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the listeners follow `open`; dismiss only reads refs
  }, [open]);

  const urgency = model.expiry?.urgency ?? (model.autoRenewUnexpected ? 'warn' : 'none');
  const recommended = model.targets[0];
  const targetName = recommended ? (recommended.catalogName ?? recommended.name) : null;
  const label = targetName ? t('badge_retired', targetName) : t('badge_retired_no_target');
  const shown = targetName && fit.short ? t('badge_retired', distinguishingName(targetName)) : label;
  const left = model.expiry ? daysLeftMessage(model.expiry.daysLeft) : null;
  const leftText = left ? t(left.key, left.substitutions) : null;
  // The accessible name starts with the visible text, as shown (WCAG 2.5.3, label in name: "click
  // Retired" works for voice control, the short form too), then says which product the details are
  // about; the replacement's whole name is in the details.
  const ariaLabel = [[shown, leftText].filter(Boolean).join(' · '), t('badge_aria_details', model.productName), model.autoRenewUnexpected ? t('badge_auto_renew_unexpected_short') : null]
    .filter(Boolean)
    .join('. ');

  return (
    <span
      class="wrap"
      // Keep the page's row/grid handlers out of clicks and keys meant for the badge.
      onClick={(event: MouseEvent) => event.stopPropagation()}
      onKeyDown={(event: KeyboardEvent) => {
        if (event.key === 'Escape' && open) dismiss();
        event.stopPropagation();
      }}
      onPointerEnter={hoverIn}
      onPointerLeave={hoverOut}
      onFocusIn={() => {
        if (!dismissed.current) show(false);
      }}
      onFocusOut={(event: FocusEvent) => {
        const next = event.relatedTarget as Node | null;
        const root = button.current?.getRootNode();
        if (!next || next.getRootNode() !== root) {
          dismissed.current = false; // focus left the badge: focusing it again opens the details
          if (!pinned.current) hide();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        class={fit.maxWidth === null ? `pill u-${urgency}` : `pill u-${urgency} capped`}
        style={fit.maxWidth === null ? undefined : { maxWidth: `${fit.maxWidth}px` }}
        data-sku-shift-rule={model.ruleId}
        data-urgency={model.expiry?.urgency ?? ''}
        aria-label={ariaLabel}
        aria-haspopup="dialog"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={id.current}
        onClick={(event: MouseEvent) => {
          // The page must not see the click (a row or link handler would navigate away).
          event.preventDefault();
          event.stopPropagation();
          if (open && pinned.current) hide();
          else show(true);
        }}
      >
        <span aria-hidden="true">⚠</span>
        <span ref={labelRef} class="label">
          {shown}
        </span>
        {targetName ? (
          <>
            <span class="sizer sizer-whole" aria-hidden="true">
              {label}
            </span>
            <span class="sizer sizer-short" aria-hidden="true">
              {t('badge_retired', distinguishingName(targetName))}
            </span>
          </>
        ) : null}
        {leftText ? (
          <span class="days">
            <span class="sep" aria-hidden="true">
              ·{' '}
            </span>
            {leftText}
          </span>
        ) : null}
      </button>
      <div ref={details} id={id.current} class="details" popover="manual" role="dialog" aria-label={t('badge_details_title', model.ruleName)}>
        {open ? (
          <BadgeDetails
            model={model}
            customerId={customerId}
            leftText={leftText}
            headingId={`${id.current}-title`}
            onClose={() => hide(true)}
            onResize={() => {
              if (details.current && button.current) {
                place(details.current, button.current);
                scrollableByKeyboard(details.current);
              }
            }}
          />
        ) : null}
      </div>
    </span>
  );
}

/**
 * `onResize`: the details' content changed while open (the checklist became available, so its
 * button was added): they are placed again, the main button kept in view.
 */
function BadgeDetails({ model, customerId, leftText, headingId, onClose, onResize }: RetiredBadgeProps & { leftText: string | null; headingId: string; onClose(): void; onResize(): void }) {
  const checklist = useChecklistAvailable();
  const shownOnce = useRef(false);
  useEffect(() => {
    // The first render is placed by the badge, once the popover is shown.
    if (shownOnce.current) onResize();
    shownOnce.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- placed again only when the button comes or goes
  }, [checklist]);
  return (
    <>
      <button type="button" class="close" aria-label={t('badge_close')} onClick={onClose}>
        ×
      </button>
      {/* The long part scrolls; the way to the checklist stays in view below it (a French text is taller than the box). */}
      <div class="details-body" data-labelledby={headingId}>
        <h2 id={headingId}>{t('badge_details_title', model.ruleName)}</h2>
        <p class="muted">
          {model.productName !== model.ruleName ? <>{t('badge_seen_as', model.productName)} · </> : null}
          {model.family}
        </p>
        {model.expiry ? (
          <p class={`alert u-${model.expiry.urgency}`}>
            {t('badge_expires_on', formatDay(model.expiry.date))} · {leftText} — {t('badge_move_before_end')}
          </p>
        ) : null}
        {model.autoRenewUnexpected ? <p class="alert u-warn">{t('badge_auto_renew_unexpected', model.autoRenewDate ? formatDay(model.autoRenewDate) : '')}</p> : null}
        <h3>{t('badge_targets_heading')}</h3>
        {model.targets.length > 0 ? (
          <ul>
            {model.targets.map((target) => (
              <li key={target.id}>
                {target.name}
                {target.recommended ? <span class="tag">{t('badge_recommended')}</span> : null}
                {target.catalogName ? <div class="muted">{t('badge_catalog_name', target.catalogName)}</div> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{model.noteKey ? t(model.noteKey) : t('badge_no_replacement')}</p>
        )}
        {model.targets.length > 0 && model.noteKey ? <p class="muted">{t(model.noteKey)}</p> : null}
        <h3>{t('badge_facts_heading')}</h3>
        <ul>
          {model.retiredOn ? <li>{t('badge_retired_on', formatDay(model.retiredOn))}</li> : null}
          {model.noRenewalFrom ? <li>{t('badge_no_renewal_from', formatDay(model.noRenewalFrom))}</li> : null}
        </ul>
        <h3>{t('badge_caveats_heading')}</h3>
        <ul>
          <li>{t('badge_caveat_order')}</li>
          <li>{t('badge_caveat_suspend')}</li>
          <li>{t('badge_caveat_channel')}</li>
          <li>{t('badge_caveat_deprovision')}</li>
        </ul>
      </div>
      {checklist ? (
        <div class="details-foot">
          <button
            type="button"
            class="action"
            onClick={() => {
              onClose();
              openChecklist({ customerId, ruleId: model.ruleId, productName: model.productName, endDate: model.expiry?.date ?? null });
            }}
          >
            {t('badge_open_checklist')}
          </button>
        </div>
      ) : null}
    </>
  );
}

/**
 * Whether the checklist can be opened from here, followed while the details are open: the checklist
 * loads on demand, often after the badges (details opened first get their button when it is ready).
 */
function useChecklistAvailable(): boolean {
  const [available, setAvailable] = useState(canOpenChecklist);
  useEffect(() => {
    const stop = watchChecklistAvailability(() => setAvailable(canOpenChecklist()));
    setAvailable(canOpenChecklist()); // it may have changed between the render and this effect
    return stop;
  }, []);
  return available;
}

function showPopover(element: HTMLElement): void {
  try {
    if (!element.matches(':popover-open')) element.showPopover();
  } catch {
    element.style.display = 'block'; // no Popover API: shown in place (may be clipped by the cell)
  }
}

function hidePopover(element: HTMLElement): void {
  try {
    if (element.matches(':popover-open')) element.hidePopover();
  } catch {
    element.style.display = 'none';
  }
}

/**
 * Below the badge, or above when there is no room; kept inside the viewport. When neither side has
 * room for all of it, it takes the larger side and its body scrolls (the main button stays in view).
 */
function place(popover: HTMLElement, anchor: HTMLElement): void {
  const win = anchor.ownerDocument.defaultView;
  if (!win) return;
  popover.style.maxHeight = '';
  const a = anchor.getBoundingClientRect();
  const p = popover.getBoundingClientRect();
  const margin = 8;
  const gap = 4;
  const roomBelow = win.innerHeight - margin - (a.bottom + gap);
  const roomAbove = a.top - gap - margin;
  let top: number;
  if (p.height <= roomBelow) top = a.bottom + gap;
  else if (p.height <= roomAbove) top = a.top - gap - p.height;
  else {
    // Neither side holds it: the larger one (at least a few lines), its height capped to that room.
    const room = Math.max(roomBelow, roomAbove, 120);
    popover.style.maxHeight = `${Math.floor(room)}px`;
    top = roomBelow >= roomAbove ? a.bottom + gap : Math.max(margin, a.top - gap - room);
    top = Math.min(top, Math.max(margin, win.innerHeight - margin - room));
  }
  const left = Math.min(Math.max(margin, a.left), Math.max(margin, win.innerWidth - p.width - margin));
  popover.style.top = `${Math.round(top)}px`;
  popover.style.left = `${Math.round(left)}px`;
}

/** A body that scrolls is a tab stop, so the keyboard can scroll it too; one that fits is not. */
function scrollableByKeyboard(popover: HTMLElement): void {
  const body = popover.querySelector<HTMLElement>('.details-body');
  if (!body) return;
  if (body.scrollHeight > body.clientHeight + 1) {
    body.tabIndex = 0;
    body.setAttribute('role', 'region');
    body.setAttribute('aria-labelledby', body.dataset.labelledby ?? '');
  } else {
    body.removeAttribute('tabindex');
    body.removeAttribute('role');
    body.removeAttribute('aria-labelledby');
  }
}
