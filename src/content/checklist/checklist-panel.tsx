import type { MigrationStepId, StepEvidence } from '../../core/migration.ts';
import { formatDay, formatTime, t, tn, uiLanguage } from '../lib/i18n.ts';
import { customerBaseOf, customerPageUrl, pageInfoFromUrl, type PageKind } from '../../core/partner-center-urls.ts';
import type { PartnerCenterLanguage } from '../progress/partner-center-labels.ts';
import type { ChecklistModel, GuardNotice, StepView } from '../../core/checklist-view.ts';
import { catalogName, lineLicenses, missingText, replacedText } from './plan-text.ts';
import { stepGuidance, type Guidance } from './step-guidance.ts';
import type { Placement } from './placement.ts';
import { MARGIN } from './placement.ts';
import { trusted } from '../lib/trusted.ts';

export interface PanelPage {
  kind: PageKind;
  url: string;
  language: PartnerCenterLanguage;
}

export interface ChecklistPanelProps {
  model: ChecklistModel;
  page: PanelPage;
  placement: Placement;
  error: string | null;
  onClose(): void;
  onTick(step: MigrationStepId, done: boolean): void;
  /** The partner confirms the suspension a page showed (it starts the de-provisioning clock). */
  onConfirmSuspend(): void;
  onPlanChoice(choice: 'one-to-one' | 'consolidated'): void;
  onOpenDashboard(): void;
}

export function cornerStyle(placement: Placement): Record<string, string> {
  const style: Record<string, string> = {};
  style[placement.corner.startsWith('bottom') ? 'bottom' : 'top'] = `${MARGIN}px`;
  style[placement.corner.endsWith('right') ? 'right' : 'left'] = `${MARGIN}px`;
  style['max-height'] = placement.maxHeight !== null ? `${placement.maxHeight}px` : `calc(100vh - ${MARGIN * 2}px)`;
  return style;
}

const STEP_TITLE: Record<MigrationStepId, string> = {
  purchase: 'checklist_step_purchase',
  reassign: 'checklist_step_reassign',
  suspend: 'checklist_step_suspend',
};

const PAGE_NAMES: Partial<Record<PageKind, string>> = {
  subscriptions: 'checklist_page_subscriptions',
  'subscription-details': 'checklist_page_subscription_details',
  'users-and-licenses': 'checklist_page_users',
  'manage-licenses': 'checklist_page_manage_licenses',
  'add-subscriptions': 'checklist_page_add_subscriptions',
};

/** "the Subscriptions page" rather than a long URL; the URL stays in the tooltip. */
function pageName(page: string | undefined): string {
  if (!page) return '';
  const key = PAGE_NAMES[pageInfoFromUrl(page).kind];
  if (key) return t(key);
  try {
    return new URL(page).pathname;
  } catch {
    return page;
  }
}

const EVIDENCE_SHOWN = 160;

function Evidence({ evidence }: { evidence: StepEvidence }) {
  if (evidence.source === 'manual') return <p class="evidence">{t('checklist_evidence_manual', [formatTime(evidence.at)])}</p>;
  const text = evidence.text ?? '';
  return (
    <p class="evidence" title={[evidence.page ?? '', text].filter(Boolean).join('\n')}>
      {t(evidence.source === 'api' ? 'checklist_evidence_api' : 'checklist_evidence_page', [pageName(evidence.page), formatTime(evidence.at)])}
      {text ? (
        <>
          {' '}
          <q>{text.length > EVIDENCE_SHOWN ? `${text.slice(0, EVIDENCE_SHOWN - 1)}…` : text}</q>
        </>
      ) : null}
    </p>
  );
}

function Notice({ notice }: { notice: GuardNotice }) {
  switch (notice.code) {
    case 'invite-needed':
      return (
        <p class="notice critical" role="alert">
          {t('checklist_notice_invite')}
        </p>
      );
    case 'other-channel':
      return (
        <p class="notice critical" role="alert">
          {t('checklist_notice_other_channel')}
        </p>
      );
    case 'users-still-on-legacy':
      return (
        <p class="notice" role="status">
          {notice.usersLeft === null ? t('checklist_notice_users_unknown') : tn('checklist_notice_users_left', notice.usersLeft, [String(notice.usersLeft), notice.retiredNames.join(', ')])}
        </p>
      );
    case 'suspended-with-users-left': {
      // The partner's "Suspend anyway" stays in view until every user is covered.
      const key = notice.stage === 'suspended' ? 'checklist_notice_suspended_users_left' : 'checklist_notice_override_users_left';
      return (
        <p class="notice critical" role="alert" data-testid="access-at-risk">
          {notice.usersLeft === null ? t(`${key}_unknown`) : tn(key, notice.usersLeft, [String(notice.usersLeft)])}
        </p>
      );
    }
    case 'purchase-short':
      return (
        <p class="notice" role="status" data-testid="purchase-short">
          {t('checklist_warn_purchase_short', [notice.missing.map(missingText).join('; ')])}
        </p>
      );
    case 'end-date':
      return (
        <p class={`notice${notice.urgency === 'soon' ? '' : ' critical'}`} role="status">
          {notice.urgency === 'expired'
            ? t('checklist_notice_end_passed', [formatDay(notice.endDate)])
            : notice.daysLeft === 0
              ? t('checklist_notice_end_close_today', [formatDay(notice.endDate)])
              : tn('checklist_notice_end_close', notice.daysLeft, [formatDay(notice.endDate), String(notice.daysLeft)])}
        </p>
      );
  }
}

function GuidanceLine({ guidance, model, page }: { guidance: Guidance; model: ChecklistModel; page: PanelPage }) {
  return (
    <p class="now" data-testid="checklist-now">
      <strong>{t('checklist_now')}</strong> {guidanceText(guidance)}
      {guidance.link ? (
        <>
          {' '}
          <a href={customerPageUrl(model.customerId, guidance.link, customerBaseOf(page.url))}>{t(guidance.link === 'users' ? 'checklist_link_users' : 'checklist_link_subscriptions')}</a>
        </>
      ) : null}
    </p>
  );
}

/**
 * The slow steps can also be done in one go through the Partner Center API, from the customer's page
 * on the dashboard (an extension page: the page in front of the partner never gets the API's token).
 */
function ThroughTheApi({ step, onOpenDashboard }: { step: 'reassign' | 'suspend'; onOpenDashboard(): void }) {
  return (
    <p class="muted" data-testid={`api-${step}`}>
      {t(step === 'reassign' ? 'checklist_api_reassign' : 'checklist_api_end')}{' '}
      <button type="button" class="link" onClick={trusted(onOpenDashboard)}>
        {t('checklist_open_dashboard')}
      </button>
    </p>
  );
}

function Step({
  step,
  index,
  model,
  current,
  guidance,
  page,
  onTick,
  onConfirmSuspend,
  onOpenDashboard,
}: {
  step: StepView;
  index: number;
  model: ChecklistModel;
  current: boolean;
  guidance: Guidance | null;
  page: PanelPage;
  onTick(step: MigrationStepId, done: boolean): void;
  onConfirmSuspend(): void;
  onOpenDashboard(): void;
}) {
  const id = `step-${step.id}`;
  const users = model.state.users;
  return (
    <li class={`step${current ? ' current' : ''}`} data-step={step.id} data-status={step.status}>
      <div class="line">
        <input
          id={id}
          type="checkbox"
          checked={step.status === 'done'}
          onChange={trusted(
            (e) => onTick(step.id, e.currentTarget.checked),
            (e) => (e.currentTarget.checked = step.status === 'done'),
          )}
        />
        <label class="title" for={id}>{`${index + 1}. ${t(step.id === 'suspend' && model.endPath === 'auto-renew-off' ? 'checklist_step_auto_renew_off' : STEP_TITLE[step.id])}`}</label>
        <span class={`status ${step.status}`}>{t(`checklist_status_${step.status.replace('-', '_')}`)}</span>
      </div>
      {step.id === 'reassign' && users && users.total > 0 ? (
        <div class="progress" data-testid="users-progress">
          <span id="users-progress-label">{tn('checklist_users_moved', users.total, [String(users.moved), String(users.total)])}</span>
          <div class="bar" role="progressbar" aria-labelledby="users-progress-label" aria-valuemin={0} aria-valuemax={users.total} aria-valuenow={users.moved}>
            <span style={{ width: `${Math.round((users.moved / users.total) * 100)}%` }} />
          </div>
        </div>
      ) : null}
      {step.id === 'purchase' && step.missing && step.missing.length > 0 ? (
        <p class="evidence" data-testid="purchase-missing">
          {t('checklist_purchase_missing', [step.missing.map(missingText).join('; ')])}
        </p>
      ) : null}
      {step.id === 'suspend' && model.deprovision ? (
        <p class="evidence" data-testid="deprovision-date">
          {model.deprovision.key === 'checklist_ends_on'
            ? t('checklist_ends_on', [formatDay(model.deprovision.on)])
            : t(model.deprovision.key, [formatDay(model.deprovision.on), String(model.deprovision.delayDays)])}
        </p>
      ) : null}
      {step.id === 'suspend' && step.status !== 'done' && model.state.suspendSeen ? (
        <div class="confirm" data-testid="suspend-seen">
          <Evidence evidence={model.state.suspendSeen.evidence} />
          <button type="button" onClick={trusted(onConfirmSuspend)}>
            {t('checklist_confirm_suspend')}
          </button>
        </div>
      ) : null}
      {step.evidence ? <Evidence evidence={step.evidence} /> : null}
      {step.outOfOrder ? <span class="flag">{t('checklist_out_of_order')}</span> : null}
      {current && guidance ? <GuidanceLine guidance={guidance} model={model} page={page} /> : null}
      {current && step.id !== 'purchase' && model.steps[0]?.status === 'done' ? <ThroughTheApi step={step.id} onOpenDashboard={onOpenDashboard} /> : null}
    </li>
  );
}

function PlanSection({ model, onPlanChoice }: { model: ChecklistModel; onPlanChoice(choice: 'one-to-one' | 'consolidated'): void }) {
  const lines = model.lines;
  if (lines.length === 0 && model.plan.noReplacement.length === 0) return <p class="muted">{t('checklist_plan_empty')}</p>;
  return (
    <>
      {model.plan.consolidated ? (
        <div class="choice" role="radiogroup" aria-label={t('checklist_plan_choice')}>
          <label>
            <input type="radio" name="plan" checked={model.planChoice !== 'consolidated'} onChange={trusted(() => onPlanChoice('one-to-one'))} />
            {t('checklist_plan_one_to_one')}
          </label>
          <label>
            <input type="radio" name="plan" checked={model.planChoice === 'consolidated'} onChange={trusted(() => onPlanChoice('consolidated'))} />
            {t('checklist_plan_consolidated')}
          </label>
        </div>
      ) : null}
      <ul class="plan" data-testid="checklist-plan">
        {lines.map((line) => (
          <li key={line.target.id}>
            <span class="target">{catalogName(line.target)}</span>
            {lineLicenses(line) !== null ? (
              <>
                {' × '}
                {tn('checklist_plan_licenses', line.licenses, [String(line.licenses)])}
              </>
            ) : null}
            {catalogName(line.target) !== line.target.name ? <div class="article">{t('checklist_plan_article_name', [line.target.name])}</div> : null}
            <div class="muted">{t('checklist_plan_replaces', [replacedText(line)])}</div>
          </li>
        ))}
        {model.plan.noReplacement.map((r) => (
          <li key={`none-${r.ruleId}-${r.name}`} class="muted">
            {t('checklist_plan_no_replacement', [r.name])}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Notes are private: kept and edited on the dashboard only, never put in the page (its scripts could read them). */
function NotesLink({ hasNotes, onOpenDashboard }: { hasNotes: boolean; onOpenDashboard(): void }) {
  return (
    <p class="muted" data-testid="checklist-notes">
      {t(hasNotes ? 'checklist_notes_on_dashboard' : 'checklist_notes_add_on_dashboard')}{' '}
      <button type="button" class="link" onClick={trusted(onOpenDashboard)}>
        {t('checklist_open_dashboard')}
      </button>
    </p>
  );
}

export function ChecklistPanel(props: ChecklistPanelProps) {
  const { model, page } = props;
  const currentStep = model.steps.find((s) => s.status !== 'done')?.id ?? null;
  const guidance = stepGuidance(model.action, {
    pageKind: page.kind,
    language: page.language,
    purchases: model.lines.map((l) => ({ name: catalogName(l.target), licenses: lineLicenses(l) })),
    retiredNames: [...new Set(model.retired.map((r) => r.name))],
    targetNames: model.lines.map((l) => catalogName(l.target)),
    deprovisionDays: model.deprovisionDays,
    uiLanguage: uiLanguage(),
    formatDay,
  });
  // Guidance for the phase the steps cannot show (invite first, other channel, waiting, done).
  const stepless = ['send-invite', 'customer-must-cancel', 'wait-for-deprovision', 'wait-for-term-end', 'confirm-deprovision', 'done'].includes(model.action.code);
  return (
    <aside
      class="panel"
      style={cornerStyle(props.placement)}
      aria-labelledby="checklist-title"
      data-testid="checklist-panel"
      data-revision={model.revision}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          props.onClose();
        }
      }}
    >
      <div class="head">
        <div>
          <h2 id="checklist-title">{t('checklist_title')}</h2>
          <p class="customer">{model.customerName ?? model.customerId}</p>
        </div>
        <button type="button" class="close" aria-label={t('checklist_close')} title={t('checklist_close')} onClick={trusted(props.onClose)}>
          ×
        </button>
      </div>
      <div class="body">
        {model.notices.map((notice) => (
          <Notice key={notice.code} notice={notice} />
        ))}
        {props.error ? (
          <p class="error" role="alert">
            {props.error}
          </p>
        ) : null}
        <h3>{t('checklist_plan_heading')}</h3>
        <PlanSection model={model} onPlanChoice={props.onPlanChoice} />
        <h3>{t('checklist_steps_heading')}</h3>
        {stepless ? (
          <p class="notice info" data-testid="checklist-now">
            {guidanceText(guidance)}
          </p>
        ) : null}
        <ol class="steps">
          {model.steps.map((step, index) => (
            <Step
              key={step.id}
              step={step}
              index={index}
              model={model}
              page={page}
              current={!stepless && step.id === currentStep}
              guidance={!stepless && step.id === currentStep ? guidance : null}
              onTick={props.onTick}
              onConfirmSuspend={props.onConfirmSuspend}
              onOpenDashboard={props.onOpenDashboard}
            />
          ))}
        </ol>
        <h3>{t('checklist_notes')}</h3>
        <NotesLink hasNotes={model.hasNotes} onOpenDashboard={props.onOpenDashboard} />
      </div>
    </aside>
  );
}

/** The guidance sentence, in the singular when its count takes it. */
function guidanceText(guidance: Guidance): string {
  return guidance.count === undefined ? t(guidance.key, guidance.substitutions) : tn(guidance.key, guidance.count, guidance.substitutions);
}
