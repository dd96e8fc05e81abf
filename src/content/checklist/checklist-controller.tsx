import type { MigrationEvent, MigrationRejection, MigrationStepId } from '../../core/migration.ts';
import { CommandError } from '../../messages.ts';
import type { CustomerView } from '../../core/records.ts';
import type { PageContext } from '../feature.ts';
import { t, tn } from '../lib/i18n.ts';
import { mountInShadow, type ShadowMount } from '../lib/shadow-host.ts';
import { partnerCenterLanguage } from '../progress/partner-center-labels.ts';
import { checklistModel, type ChecklistModel } from './checklist-model.ts';
import { ChecklistPanel, type NotesStatus, type PanelPage } from './checklist-panel.tsx';
import { ChecklistLauncher } from './checklist-launcher.tsx';
import { CHECKLIST_CSS } from './checklist-styles.ts';
import { choosePlacement, type Placement } from './placement.ts';
import { PrimaryButtonCache } from './primary-buttons.ts';
import { RecentViews } from './recent-views.ts';
import type { SendCommand } from '../lib/worker-client.ts';

/**
 * The checklist for the customer in view: holds the worker's read model, renders the launcher or the
 * panel, and turns the partner's clicks into commands. The worker is the only writer: every change
 * goes to it, and what is shown is what it answers (or broadcasts after another tab's change).
 */

/** Last view per customer (the most recent ones), so the overlay re-appears at once after an SPA navigation. */
const lastViews = new RecentViews();

const PANEL_SIZE = { width: 380, height: 560 };
const LAUNCHER_SIZE = { width: 190, height: 40 };
const NOTES_DEBOUNCE_MS = 600;

export interface ControllerDeps {
  send: SendCommand;
  /** ISO timestamp (the clock; injected for tests). */
  now(): string;
  doc: Document;
  /** Called after each render: what the worker answered may change guards shown elsewhere. */
  onRender?: () => void;
}

export class ChecklistController {
  private view: CustomerView | null;
  private open = false;
  private error: string | null = null;
  private notesStatus: NotesStatus = 'idle';
  private mount: ShadowMount | null = null;
  private placement: Placement = { corner: 'bottom-right', maxHeight: null };
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  private notesTimer: ReturnType<typeof setTimeout> | undefined;
  /** Partner Center's primary buttons, searched again only when the page changed (not per scroll frame). */
  private readonly buttons: PrimaryButtonCache;
  readonly customerId: string;
  readonly panelPage: PanelPage;

  constructor(private readonly page: PageContext & { customerId: string }, private readonly signal: AbortSignal, private readonly deps: ControllerDeps) {
    this.customerId = page.customerId;
    this.buttons = new PrimaryButtonCache(deps.doc);
    this.view = lastViews.get(page.customerId) ?? null;
    this.open = this.view?.customer?.overlayOpen ?? false;
    this.panelPage = {
      kind: page.kind,
      url: page.url,
      language: partnerCenterLanguage(new URL(page.url).pathname, deps.doc.documentElement.lang),
    };
    signal.addEventListener('abort', () => {
      clearTimeout(this.notesTimer);
      this.mount?.remove();
      this.mount = null;
    }, { once: true });
  }

  /** The latest view (null until the worker answered once). */
  current(): CustomerView | null {
    return this.view;
  }

  model(): ChecklistModel | null {
    if (!this.view) return null;
    return checklistModel(this.view, this.customerId, this.page, this.page.today, this.deps.now());
  }

  /**
   * Shows the checklist: at once with `initial` (the view the feature already asked for before
   * loading this module), then re-read so nothing that changed meanwhile is missed.
   */
  async start(initial?: CustomerView): Promise<void> {
    if (initial) this.accept(initial);
    else {
      this.render();
      await this.refresh();
    }
    this.open = (this.view?.customer?.overlayOpen ?? this.open) || this.blockedHere();
    this.render();
    if (initial) await this.refresh();
  }

  /**
   * A guard that stops the partner on this very page opens the checklist (for this visit only, the
   * remembered open/closed choice is left alone): buying for a customer who has not accepted the
   * relationship, or suspending a subscription only the customer can cancel.
   */
  private blockedHere(): boolean {
    const codes = this.model()?.notices.map((n) => n.code) ?? [];
    return (this.page.kind === 'add-subscriptions' && codes.includes('invite-needed')) ||
      (this.page.kind === 'subscription-details' && codes.includes('other-channel'));
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
          const view = await this.deps.send({ kind: 'customer/get', customerId: this.customerId });
          this.accept(view);
        } catch (error) {
          this.fail(error);
        }
      } while (this.refreshAgain && !this.signal.aborted);
      this.refreshing = null;
      this.render();
    })();
    return this.refreshing;
  }

  /** Keeps the newest migration: an answer overtaken by a later one never rolls the overlay back. */
  private accept(view: CustomerView): void {
    const held = this.view?.migration?.revision ?? -1;
    const incoming = view.migration?.revision ?? -1;
    if (this.view && incoming < held) view = { ...view, migration: this.view.migration };
    this.view = view;
    lastViews.set(this.customerId, view);
  }

  /** Sends one migration event; the answer (applied or rejected with a reason) is what is shown. */
  async apply(event: MigrationEvent): Promise<boolean> {
    try {
      const result = await this.deps.send({ kind: 'migration/apply', customerId: this.customerId, event });
      if (result.migration && this.view) this.accept({ ...this.view, migration: result.migration });
      this.error = result.outcome === 'rejected' ? rejectionText(result.reason) : null;
      this.render();
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
    // The cached view follows, so the next page of this customer opens the same way at once.
    if (this.view?.customer) this.accept({ ...this.view, customer: { ...this.view.customer, overlayOpen: open } });
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
    void this.deps.send({ kind: 'migration/annotate', customerId: this.customerId, planChoice: choice })
      .then((migration) => {
        if (this.view) this.accept({ ...this.view, migration });
        this.render();
      }, (error: unknown) => {
        this.fail(error);
        this.render();
      });
  }

  private notes(text: string): void {
    clearTimeout(this.notesTimer);
    this.notesStatus = 'saving';
    this.render();
    this.notesTimer = setTimeout(() => {
      void this.deps.send({ kind: 'migration/annotate', customerId: this.customerId, notes: text }).then((migration) => {
        if (this.view) this.accept({ ...this.view, migration });
        this.notesStatus = 'saved';
        this.render();
      }, (error: unknown) => {
        this.notesStatus = 'failed';
        this.fail(error);
        this.render();
      });
    }, NOTES_DEBOUNCE_MS);
  }

  private fail(error: unknown): void {
    if (this.signal.aborted) return;
    this.error = error instanceof CommandError ? t('checklist_error_worker', [error.message]) : t('checklist_error_unreachable');
  }

  /** The page changed (a scanner pass, a resize): the next placement searches its buttons again. */
  pageChanged(): void {
    this.buttons.invalidate();
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
    if (this.signal.aborted) return;
    const model = this.model();
    this.deps.onRender?.();
    if (!model || (!model.started && model.retired.length === 0 && !this.open)) {
      // Nothing to migrate for this customer and no checklist started: stay out of the way.
      this.mount?.remove();
      this.mount = null;
      return;
    }
    const ui = this.open ? (
      <ChecklistPanel model={model} page={this.panelPage} placement={this.placement} error={this.error} notesStatus={this.notesStatus}
        onClose={() => this.setOpen(false)} onTick={(step, done) => this.tick(step, done)}
        onPlanChoice={(choice) => this.planChoice(choice)} onNotes={(text) => this.notes(text)} />
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
