/**
 * Partner-defined retirement rules: the same procedure applies to any product moving to a new SKU,
 * so a partner can add a rule (names that identify the retired product, and what replaces it), see
 * the seed rules it may override, and check live whether a name would match. Rules the partner's
 * organisation sets (a browser policy, origin 'managed') come first, read-only; the partner's add to them.
 */
import { useMemo, useState } from 'preact/hooks';
import type { RetirementRule, TargetProduct } from '../../core/catalog-types.ts';
import { matchRetiredSku, SEED_RULES } from '../../core/catalog.ts';
import { CommandError } from '../../messages.ts';
import { t } from '../shared/i18n.ts';
import { send } from '../shared/worker-client.ts';
import { newRuleId, targetId } from './rule-id.ts';
import { ManagedNote } from './managed-note.tsx';
import { ruleFieldLabel } from './rule-field-label.ts';

/** Every Dynamics 365 target the seed knows, once each, for the target picker. */
const KNOWN_TARGETS: TargetProduct[] = [...new Map(SEED_RULES.flatMap((r) => r.targets).map((target) => [target.id, target])).values()];

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function MatchBox({ rules }: { rules: RetirementRule[] }) {
  const [name, setName] = useState('');
  const match = useMemo(() => (name.trim() ? matchRetiredSku(name, rules) : null), [name, rules]);
  return (
    <div class="match-box">
      <label for="rule-match-input">{t('dash_rules_match_label')}</label>
      <input id="rule-match-input" type="text" value={name} placeholder={t('dash_rules_match_placeholder')} onInput={(e) => setName(e.currentTarget.value)} />
      <p role="status" aria-live="polite" class="match-result">
        {!name.trim()
          ? ''
          : match
            ? t(
                'dash_rules_match_yes',
                match.rule.name,
                match.rule.family,
                match.rule.targets.map((x) => x.name).join(', ') || t('dash_rules_no_target'),
                match.rule.origin === 'partner' ? t('dash_rules_origin_partner') : match.rule.origin === 'managed' ? t('dash_rules_origin_managed') : t('dash_rules_origin_seed'),
              )
            : t('dash_rules_match_no')}
      </p>
    </div>
  );
}

export function RulesEditor({ rules }: { rules: RetirementRule[] }) {
  const [draft, setDraft] = useState({ family: '', name: '', offerNames: '', targetIds: [] as string[], otherTargets: '' });
  const [problems, setProblems] = useState<string[]>([]);
  const [status, setStatus] = useState<string | null>(null);

  const save = async (event: Event) => {
    event.preventDefault();
    setStatus(null);
    const targets: TargetProduct[] = [
      ...KNOWN_TARGETS.filter((x) => draft.targetIds.includes(x.id)),
      ...lines(draft.otherTargets).map((name) => ({ id: targetId(name), name, catalogNames: [name], licenseNames: [], skuPartNumbers: [] })),
    ];
    const rule = {
      id: newRuleId(),
      family: draft.family.trim(),
      name: draft.name.trim(),
      offerNames: lines(draft.offerNames),
      targets,
      origin: 'partner',
    };
    try {
      await send({ kind: 'rules/put', rule });
      setProblems([]);
      setStatus(t('dash_rules_saved', rule.name));
      setDraft({ family: '', name: '', offerNames: '', targetIds: [], otherTargets: '' });
    } catch (error) {
      if (error instanceof CommandError) {
        setProblems(error.issues.length ? error.issues.map((i) => t(i.key, ruleFieldLabel(i.params[0] ?? i.path), ...i.params.slice(1))) : [error.message]);
      } else setProblems([t('dash_error_worker')]);
    }
  };

  const remove = async (rule: RetirementRule) => {
    try {
      await send({ kind: 'rules/delete', ruleId: rule.id });
      setStatus(t('dash_rules_deleted', rule.name));
    } catch {
      setProblems([t('dash_error_worker')]);
    }
  };

  const managed = rules.filter((rule) => rule.origin === 'managed');
  const own = rules.filter((rule) => rule.origin !== 'managed');
  const summary = (rule: RetirementRule) => (
    <>
      <strong>{rule.name}</strong> <span class="muted">({rule.family})</span> — {rule.offerNames.join(', ')} → {rule.targets.map((x) => x.name).join(', ') || t('dash_rules_no_target')}
    </>
  );
  return (
    <div class="rules">
      <MatchBox rules={rules} />
      {managed.length > 0 ? (
        <>
          <h3>{t('dash_rules_managed_heading')}</h3>
          <ul class="rule-list managed-rules">
            {managed.map((rule) => (
              <li key={rule.id}>
                {summary(rule)} <ManagedNote />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('dash_rules_yours')}</h3>
      {own.length === 0 ? (
        <p class="muted">{t('dash_rules_none')}</p>
      ) : (
        <ul class="rule-list">
          {own.map((rule) => (
            <li key={rule.id}>
              {summary(rule)}
              <button type="button" class="link" onClick={() => void remove(rule)} aria-label={t('dash_rules_delete_named', rule.name)}>
                {t('dash_rules_delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="rule-form" onSubmit={(e) => void save(e)} noValidate>
        <h3>{t('dash_rules_add')}</h3>
        <div class="field">
          <label for="rule-family">{t('dash_rules_family')}</label>
          <input id="rule-family" type="text" value={draft.family} onInput={(e) => setDraft({ ...draft, family: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="rule-name">{t('dash_rules_name')}</label>
          <input id="rule-name" type="text" value={draft.name} onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="rule-offers">{t('dash_rules_offer_names')}</label>
          <textarea id="rule-offers" rows={3} value={draft.offerNames} aria-describedby="rule-offers-help" onInput={(e) => setDraft({ ...draft, offerNames: e.currentTarget.value })} />
          <span id="rule-offers-help" class="muted">
            {t('dash_rules_one_per_line')}
          </span>
        </div>
        <fieldset class="targets">
          <legend>{t('dash_rules_targets')}</legend>
          {KNOWN_TARGETS.map((x) => (
            <label key={x.id}>
              <input
                type="checkbox"
                checked={draft.targetIds.includes(x.id)}
                onChange={(e) => setDraft({ ...draft, targetIds: e.currentTarget.checked ? [...draft.targetIds, x.id] : draft.targetIds.filter((id) => id !== x.id) })}
              />
              {x.name}
              {x.catalogNames[0] && x.catalogNames[0] !== x.name ? <span class="muted"> ({x.catalogNames[0]})</span> : null}
            </label>
          ))}
          <label for="rule-other-targets">{t('dash_rules_other_targets')}</label>
          <textarea id="rule-other-targets" rows={2} value={draft.otherTargets} onInput={(e) => setDraft({ ...draft, otherTargets: e.currentTarget.value })} />
        </fieldset>
        <button type="submit">{t('dash_rules_save')}</button>
        {problems.length > 0 ? (
          <ul role="alert" class="report error">
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        ) : null}
        {status ? (
          <p role="status" class="report success">
            {status}
          </p>
        ) : null}
      </form>
    </div>
  );
}
