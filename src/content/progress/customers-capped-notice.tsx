/**
 * Said on the customers list when a reading named more new customers than one page may create
 * (LIMITS.newCustomersPerReading): a page full of made-up tenant ids must not flood the tracker, and
 * the partner must know that some customers on the page were left out. Loaded only then.
 */
import { LIMITS } from '../../messages.ts';
import { t } from '../lib/i18n.ts';
import { mountInShadow, type ShadowMount } from '../lib/shadow-host.ts';
import { trusted } from '../lib/trusted.ts';

const CSS = `
.notice { position: fixed; z-index: 2147483000; right: 16px; bottom: 16px; max-width: 360px; display: flex; gap: 8px; align-items: flex-start;
  padding: 10px 12px; border-left: 4px solid #c19c00; border-radius: 4px; background: #fff8df; color: #3b2f00;
  font: 400 13px/1.45 "Segoe UI", system-ui, sans-serif; box-shadow: 0 4px 14px rgba(0,0,0,.18); }
button { border: 0; background: transparent; font-size: 16px; line-height: 1; cursor: pointer; color: inherit; }
:focus-visible { outline: 2px solid #0b5cad; outline-offset: 2px; }
`;

let shown: ShadowMount | null = null;

export function showCustomersCapped(count: number, signal: AbortSignal): void {
  if (signal.aborted) return;
  const close = () => {
    shown?.remove();
    shown = null;
  };
  const ui = (
    <div class="notice" role="status" data-testid="customers-capped">
      <span>{t('checklist_customers_not_recorded', [String(count), String(LIMITS.newCustomersPerReading)])}</span>
      <button type="button" aria-label={t('checklist_close')} onClick={trusted(close)}>
        ×
      </button>
    </div>
  );
  if (shown) shown.update(ui);
  else shown = mountInShadow(ui, { name: 'notice', css: CSS, display: 'block', place: { appendTo: document.body ?? document.documentElement } });
  signal.addEventListener('abort', close, { once: true });
}
