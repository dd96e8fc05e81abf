import type { NextAction } from '../../core/migration.ts';
import type { CustomerPage, PageKind } from '../../core/partner-center-urls.ts';
import { partnerCenterLabel, type PartnerCenterLanguage } from '../progress/partner-center-labels.ts';

/**
 * What to click now, on the page in front of the partner. The sentence is in the extension's language
 * (i18n key + substitutions); the buttons and fields it names are quoted in Partner Center's own words,
 * in the page's language, so the partner finds them on screen.
 */
export interface GuidanceContext {
  pageKind: PageKind;
  language: PartnerCenterLanguage;
  /** What to buy: today's catalog name and license count, from the plan. */
  purchases: ReadonlyArray<{ name: string; licenses: number | null }>;
  /** Retired product names as the page shows them. */
  retiredNames: readonly string[];
  /** Target names as the partner will find them in Manage licenses. */
  targetNames: readonly string[];
  deprovisionDays: number;
  /** Formats a YYYY-MM-DD day for display. */
  formatDay(ymd: string): string;
  /** The extension's UI language: its sentence quotes Partner Center's words with its own marks (./step-guidance.ts QUOTES). */
  uiLanguage?: string;
}

export type GuidanceLink = CustomerPage;

export interface Guidance {
  key: string;
  substitutions: string[];
  /** A link to the page where this step happens, when the partner is elsewhere. */
  link: GuidanceLink | null;
  /** The count the sentence's singular or plural follows (the `<key>_one` message), when it has one. */
  count?: number;
}

const list = (names: readonly string[]): string => names.join(', ');

function purchasesText(ctx: GuidanceContext): string {
  return ctx.purchases.map((p) => (p.licenses !== null ? `${p.name} × ${p.licenses}` : p.name)).join(', ');
}

/** How each UI language quotes a word: « comme ceci », „so wie hier“, «así», others “like this”. */
const QUOTES: Record<string, (text: string) => string> = {
  fr: (text) => `«\u00a0${text}\u00a0»`,
  de: (text) => `„${text}“`,
  es: (text) => `«${text}»`,
};
const englishQuote = (text: string): string => `“${text}”`;

export function stepGuidance(action: NextAction, ctx: GuidanceContext): Guidance {
  const quote = QUOTES[(ctx.uiLanguage ?? '').toLowerCase().split(/[-_]/)[0] ?? ''] ?? englishQuote;
  const label = (l: Parameters<typeof partnerCenterLabel>[0]) => quote(partnerCenterLabel(l, ctx.language));
  const g = (key: string, substitutions: string[] = [], link: GuidanceLink | null = null): Guidance => ({ key, substitutions, link });
  switch (action.code) {
    case 'send-invite':
      return g('checklist_guide_invite');
    case 'purchase':
      if (ctx.pageKind === 'add-subscriptions') return g('checklist_guide_purchase_pick', [purchasesText(ctx), label('submit')]);
      if (ctx.pageKind === 'subscriptions') return g('checklist_guide_purchase_open', [label('addSubscriptions')]);
      return g('checklist_guide_purchase_go', [label('addSubscriptions')], 'subscriptions');
    case 'reassign':
      if (ctx.pageKind === 'manage-licenses') {
        return g('checklist_guide_reassign_swap', [list(ctx.retiredNames), list(ctx.targetNames), label('submit')]);
      }
      // Today's flow (Edit → a wizard in a side pane → Next → Complete), with the older page named too.
      if (ctx.pageKind === 'users-and-licenses') {
        return g('checklist_guide_reassign_select', [list(ctx.retiredNames), label('edit'), list(ctx.targetNames), label('next'), label('complete'), label('manageLicenses')]);
      }
      return g('checklist_guide_reassign_go', [label('usersAndLicenses')], 'users');
    case 'suspend':
      if (ctx.pageKind === 'subscription-details') {
        return g('checklist_guide_suspend_set', [label('status'), label('suspended'), label('submit'), String(ctx.deprovisionDays)]);
      }
      if (ctx.pageKind === 'subscriptions') return g('checklist_guide_suspend_open', [list(ctx.retiredNames)]);
      return g('checklist_guide_suspend_go', [list(ctx.retiredNames)], 'subscriptions');
    case 'turn-off-auto-renew':
      // New commerce: suspending does not stop billing; the subscription is set not to renew instead.
      if (ctx.pageKind === 'subscription-details') return g('checklist_guide_auto_renew_off', [label('autoRenew'), label('submit')]);
      if (ctx.pageKind === 'subscriptions') return g('checklist_guide_suspend_open', [list(ctx.retiredNames)]);
      return g('checklist_guide_suspend_go', [list(ctx.retiredNames)], 'subscriptions');
    case 'wait-for-term-end':
      return { ...g('checklist_guide_wait_term_end', [ctx.formatDay(action.endsOn), String(action.daysLeft)]), count: action.daysLeft };
    case 'confirm-suspend':
      return g('checklist_guide_confirm_suspend', [list(ctx.retiredNames), ctx.formatDay(action.seenOn)]);
    case 'customer-must-cancel':
      return g('checklist_guide_other_channel');
    case 'wait-for-deprovision':
      return { ...g('checklist_guide_wait', [ctx.formatDay(action.deprovisionOn), String(action.daysLeft)]), count: action.daysLeft };
    case 'confirm-deprovision':
      return g('checklist_guide_confirm_deprovision', [ctx.formatDay(action.deprovisionOn)]);
    case 'done':
      return g('checklist_guide_done');
  }
}
