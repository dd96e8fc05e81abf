/**
 * What the partner's organisation sets through a browser policy (src/core/managed-policy.ts), as the
 * dashboard shows it: a "Set by your organisation" note beside each locked value, and the policy
 * keys that were ignored (invalid), listed on the Settings section for the IT department.
 */
import type { ManagedPolicy } from '../../core/managed-policy.ts';
import { t } from '../shared/i18n.ts';

/** The note beside a value the organisation sets; `id` lets the locked control name it (aria-describedby). */
export function ManagedNote({ id }: { id?: string }) {
  return (
    <span id={id} class="managed-note" data-managed="true" title={t('dash_managed_help')}>
      {t('dash_managed_by_org')}
    </span>
  );
}

export function PolicyProblems({ policy }: { policy: ManagedPolicy }) {
  if (policy.problems.length === 0) return null;
  return (
    <div role="alert" class="report error policy-problems">
      <p>
        <strong>{t('dash_managed_problems_heading')}</strong> {t('dash_managed_problems_help')}
      </p>
      <ul>
        {policy.problems.map((p, i) => (
          <li key={i}>{p.key ? t('dash_managed_problem', p.key, p.detail) : t('dash_managed_problem_whole', p.detail)}</li>
        ))}
      </ul>
    </div>
  );
}
