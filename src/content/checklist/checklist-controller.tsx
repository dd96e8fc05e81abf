import type { MigrationEvent, MigrationRejection, MigrationStepId } from '../../core/migration.ts';

/** The events the checklist sends: the partner's own clicks (facts come from page readings). */
export type PartnerRequest = Extract<MigrationEvent, { type: 'step-ticked' | 'step-unticked' | 'suspend-requested' | 'suspend-confirmed' }>;
import { CommandError, type PageCustomerView } from '../../messages.ts';
import type { PageContext } from '../feature.ts';
import { t, tn } from '../lib/i18n.ts';
import { mountInShadow, type ShadowMount } from '../lib/shadow-host.ts';
import { partnerCenterLanguage } from '../progress/partner-center-labels.ts';
import type { ChecklistModel } from '../../core/checklist-view.ts';
import { ChecklistPanel, type PanelPage } from './checklist-panel.tsx';
import { ChecklistLauncher } from './checklist-launcher.tsx';
import { CHECKLIST_CSS } from './checklist-styles.ts';
import { choosePlacement, type Placement } from './placement.ts';
import { PrimaryButtonCache } from './primary-buttons.ts';
import type { SendCommand } from '../lib/worker-client.ts';

/**
 * The checklist for the customer in view: renders the launcher or the panel from the worker's view,
 * and turns the partner's clicks into commands. It decides nothing: progress read off the page is the
 * worker's call (../progress/track-page.ts sends the readings, the views come back here), and what is
 * shown is the checklist's model the worker computes for this page (src/core/checklist-view.ts) and
 * answers with every view (or after another tab's change, when asked again).
 */

const PANEL_SIZE = { width: 380, height: 560 };
const LAUNCHER_SIZE = { width: 190, height: 40 };

export interface ControllerDeps {
  send: SendCommand;
  doc: Document;
  /** Called after each render: what the worker answered may change guards shown elsewhere. */
  onRender?: () => void;
}

export class ChecklistController {
  private view: PageCustomerView | null = null;
  private open = false;
  private error: string | null = null;
  private mount: ShadowMount | null = null;
  private placement: Placement = { corner: 'bottom-right', maxHeight: null };
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  /** Nothing is drawn until start() has decided whether the panel opens (no launcher flashing first). */
  private started = false;
  /** Partner Center's primary buttons, searched again only when the page changed (not per scroll frame). */
  private readonly buttons: PrimaryButtonCache;
  readonly customerId: string;
  readonly panelPage: PanelPage;

  constructor(
    private readonly page: PageContext & { customerId: string },
    private readonly signal: AbortSignal,
    private readonly deps: ControllerDeps,
  ) {
    this.customerId = page.customerId;
    this.buttons = new PrimaryButtonCache(deps.doc, () => this.reposition(), signal);
    this.panelPage = {
      kind: page.kind,
      url: page.url,
      language: partnerCenterLanguage(new URL(page.url).pathname, deps.doc.documentElement.lang),
    };
    signal.addEventListener(
      'abort',
      () => {
        this.mount?.remove();
        this.mount = null;
      },
      { once: true },
    );
  }

  /** The latest view (null until the worker answered once). */
  current(): PageCustomerView | null {
    return this.view;
  }

  /** The checklist's model for this page, as the worker computed it with the latest view. */
  model(): ChecklistModel | null {
    return this.view?.checklist ?? null;
  }

  /** Shows the checklist: at once with `initial` (the view the feature already asked for), else once the worker answers. */
  async start(initial?: PageCustomerView): Promise<void> {
    if (initial) this.view = initial;
    else await this.refresh();
    this.open = this.view?.customer?.overlayOpen === true || this.blockedHere();
    this.started = true;
    this.render();
  }

  /**
   * A guard that stops the partner on this very page opens the checklist (for this visit only, the
   * remembered open/closed choice is left alone): buying for a customer who has not accepted the
   * relationship, or suspending a subscription only the customer can cancel.
   */
  private blockedHere(): boolean {
    const codes = this.model()?.notices.map((n) => n.code) ?? [];
    return (this.page.kind === 'add-subscriptions' && codes.includes('invite-needed')) || (this.page.kind === 'subscription-details' && codes.includes('other-channel'));
  }

  /** Re-reads the customer from the worker; calls made while one is in flight coalesce into one more. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        try {
          this.accept(await this.deps.send({ kind: 'customer/get', customerId: this.customerId, pageKind: this.page.kind }));
        } catch (error) {
          this.fail(error);
        }
      } while (this.refreshAgain && !this.signal.aborted);
      this.refreshing = null;
      this.render();
    })();
    return this.refreshing;
  }

  /**
   * A view from the worker (an answer, a page reading's result, a re-read after a broadcast). Answers
   * may arrive out of order: an older migration (and the checklist computed with it) never replaces
   * a newer one on screen.
   */
  accept(view: PageCustomerView): void {
    const held = this.view?.migration?.revision ?? -1;
    const incoming = view.migration?.revision ?? -1;
    this.view = this.view && incoming < held ? { ...view, migration: this.view.migration, checklist: this.view.checklist } : view;
    this.render();
  }

  /** Sends one of the partner's requests (a tick, a suspension); the answer (applied or rejected with a reason) is what is shown. */
  async apply(event: PartnerRequest): Promise<boolean> {
    try {
      const result = await this.deps.send({ kind: 'migration/apply', customerId: this.customerId, event, pageKind: this.page.kind });
      this.error = result.outcome === 'rejected' ? rejectionText(result.reason) : null;
      if (result.view) this.accept(result.view);
      else this.render();
      if (!this.view) await this.refresh();
      return result.outcome === 'applied';
    } catch (error) {
      this.fail(error);
      this.render();
      return false;
    }
  }

  setOpen(open: boolean): void {
    this.open = open;
    this.render();
    this.focus(open ? '.close' : '.launcher');
    void this.deps.send({ kind: 'customer/overlay-set', customerId: this.customerId, open }).catch(() => undefined);
  }

  isOpen(): boolean {
    return this.open;
  }

  private tick(step: MigrationStepId, done: boolean): void {
    void this.apply(done ? { type: 'step-ticked', step } : { type: 'step-unticked', step });
  }

  private planChoice(choice: 'one-to-one' | 'consolidated'): void {
    void this.deps.send({ kind: 'migration/annotate', customerId: this.customerId, planChoice: choice, pageKind: this.page.kind }).then(
      ({ view }) => {
        if (view) this.accept(view);
      },
      (error: unknown) => {
        this.fail(error);
        this.render();
      },
    );
  }

  /** Notes live on the dashboard (the page must not read them): the worker opens it on this customer. */
  private openDashboard(): void {
    void this.deps.send({ kind: 'dashboard/open', customerId: this.customerId }).catch((error: unknown) => {
      this.fail(error);
      this.render();
    });
  }

  private fail(error: unknown): void {
    if (this.signal.aborted) return;
    this.error = error instanceof CommandError ? t('checklist_error_worker', [error.message]) : t('checklist_error_unreachable');
  }

  /** The page changed (a scanner pass, a resize): the next placement searches its buttons again. */
  pageChanged(): void {
    const lost = this.buttons.lost();
    this.buttons.invalidate();
    // The buttons it kept clear of are gone (a new page rendered before the URL changed): move now,
    // not on the next scroll, so the overlay never sits over the new page's controls meanwhile.
    if (lost) this.reposition();
  }

  /** Moves the overlay off Partner Center's primary buttons (after layout changes, scroll, resize). */
  reposition(): void {
    if (!this.mount) return;
    const win = this.deps.doc.defaultView;
    if (!win) return;
    const size = this.open ? this.measuredPanelSize() : LAUNCHER_SIZE;
    const next = choosePlacement(size, { width: win.innerWidth, height: win.innerHeight }, this.buttons.rects());
    if (next.corner !== this.placement.corner || next.maxHeight !== this.placement.maxHeight) {
      this.placement = next;
      this.render(false);
    }
  }

  private measuredPanelSize(): { width: number; height: number } {
    const panel = this.mount?.root.querySelector('.panel');
    const body = this.mount?.root.querySelector('.body');
    if (!panel || !body) return PANEL_SIZE;
    // Natural height: the header plus everything in the (possibly scrolled) body.
    const head = panel.querySelector('.head')?.getBoundingClientRect().height ?? 60;
    const win = this.deps.doc.defaultView;
    const natural = Math.min(head + body.scrollHeight + 2, (win?.innerHeight ?? 800) - 32);
    return { width: panel.getBoundingClientRect().width || PANEL_SIZE.width, height: natural };
  }

  /** Keyboard users land on the panel when it opens and back on the launcher when it closes. */
  private focus(selector: string): void {
    this.mount?.root.querySelector<HTMLElement>(selector)?.focus();
  }

  render(place = true): void {
    if (this.signal.aborted || !this.started) return;
    const model = this.model();
    this.deps.onRender?.();
    if (!model || (!model.started && model.retired.length === 0 && !this.open)) {
      // Nothing to migrate for this customer and no checklist started: stay out of the way.
      this.mount?.remove();
      this.mount = null;
      return;
    }
    const ui = this.open ? (
      <ChecklistPanel
        model={model}
        page={this.panelPage}
        placement={this.placement}
        error={this.error}
        onClose={() => this.setOpen(false)}
        onTick={(step, done) => this.tick(step, done)}
        onConfirmSuspend={() => void this.apply({ type: 'suspend-confirmed' })}
        onPlanChoice={(choice) => this.planChoice(choice)}
        onOpenDashboard={() => this.openDashboard()}
      />
    ) : (
      <ChecklistLauncher model={model} placement={this.placement} onOpen={() => this.setOpen(true)} />
    );
    if (this.mount) this.mount.update(ui);
    else this.mount = mountInShadow(ui, { name: 'checklist', css: CHECKLIST_CSS, display: 'block', place: { appendTo: this.deps.doc.body ?? this.deps.doc.documentElement } });
    if (place) this.reposition();
  }
}

export function rejectionText(reason: MigrationRejection): string {
  switch (reason.code) {
    case 'users-still-on-legacy':
      return reason.usersLeft === null ? t('checklist_notice_users_unknown') : tn('checklist_reject_users_left', reason.usersLeft, [String(reason.usersLeft)]);
    case 'other-channel':
      return t('checklist_notice_other_channel');
    case 'invite-needed':
      return t('checklist_notice_invite');
    case 'stale-revision':
      return t('checklist_reject_stale');
    default:
      return t('checklist_reject_generic', [reason.code]);
  }
}
