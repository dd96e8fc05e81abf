/**
 * The partner's own retirement rules and urgency thresholds, from the background worker (the single
 * owner of settings). Features start at once with the seed catalog and default thresholds, then
 * restart with these when they differ. When the worker cannot answer (extension updating, worker
 * starting), the defaults stay: nothing visible breaks, nothing is logged in the page.
 */
import type { RetirementRule } from '../core/catalog.ts';
import { DEFAULT_URGENCY_THRESHOLDS, type UrgencyThresholds } from '../core/urgency-thresholds.ts';
import { sendCommand } from './lib/worker-client.ts';

export interface PartnerSettings {
  /** Partner-defined rules (empty: the seed catalog only). */
  rules: readonly RetirementRule[];
  thresholds: UrgencyThresholds;
}

export const DEFAULT_PARTNER_SETTINGS: PartnerSettings = Object.freeze({
  rules: Object.freeze([]),
  thresholds: DEFAULT_URGENCY_THRESHOLDS,
});

/** Settings change rarely; one request per page visit is plenty. */
const MAX_AGE_MS = 15_000;
let cached: { at: number; settings: Promise<PartnerSettings> } | null = null;

export function loadPartnerSettings(now: number = Date.now()): Promise<PartnerSettings> {
  if (cached && now - cached.at < MAX_AGE_MS) return cached.settings;
  const settings = Promise.all([sendCommand({ kind: 'rules/list' }), sendCommand({ kind: 'settings/get' })])
    .then(([rules, stored]) => ({
      rules: Array.isArray(rules) ? rules : [],
      thresholds: validThresholds(stored?.thresholds) ? stored.thresholds : DEFAULT_URGENCY_THRESHOLDS,
    }))
    .catch(() => DEFAULT_PARTNER_SETTINGS);
  cached = { at: now, settings };
  return settings;
}

/**
 * Runs `start` at once with the defaults, then once more with the partner's settings when `matters`
 * says they change what `start` shows (the first run's signal is aborted first, undoing what it did).
 */
export function withPartnerSettings(signal: AbortSignal, start: (signal: AbortSignal, settings: PartnerSettings) => void, matters: (settings: PartnerSettings) => boolean = differsFromDefaults): void {
  let run = new AbortController();
  signal.addEventListener('abort', () => run.abort(), { once: true });
  start(run.signal, DEFAULT_PARTNER_SETTINGS);
  void loadPartnerSettings().then((settings) => {
    if (signal.aborted || !matters(settings)) return;
    run.abort();
    run = new AbortController();
    start(run.signal, settings);
  });
}

/** True when the settings change what the seed catalog and default thresholds would show. */
export function differsFromDefaults(settings: PartnerSettings): boolean {
  return settings.rules.length > 0 || settings.thresholds.critical !== DEFAULT_URGENCY_THRESHOLDS.critical || settings.thresholds.soon !== DEFAULT_URGENCY_THRESHOLDS.soon;
}

function validThresholds(value: unknown): value is UrgencyThresholds {
  if (!value || typeof value !== 'object') return false;
  const { critical, soon } = value as Record<string, unknown>;
  return Number.isInteger(critical) && Number.isInteger(soon) && (critical as number) >= 0 && (soon as number) >= (critical as number);
}
