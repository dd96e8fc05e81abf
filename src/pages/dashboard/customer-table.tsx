/**
 * Every tracked customer in one accessible table: native table semantics, sort buttons in the
 * column headers with aria-sort, filters and search as labelled form controls, and links to the
 * customer's Partner Center pages. Keyboard: Tab reaches every control and link, Enter/Space sorts.
 */
import { useMemo, useState } from 'preact/hooks';
import type { TrackedCustomer } from '../../core/tracked-customers.ts';
import type { Urgency } from '../../core/urgency.ts';
import { TRACKED_PHASES } from '../../core/tracked-customers.ts';
import { DEFAULT_FILTER, filterCustomers, partnerCenterLinks, type CustomerFilter, type SortKey } from './customer-filter.ts';
import { formatDay, nextActionLabel, phaseLabel, t, tn, urgencyLabel } from '../shared/i18n.ts';
import { CustomerDetails } from './customer-details.tsx';

const URGENCIES: (Urgency | 'none')[] = ['expired', 'critical', 'soon', 'later', 'none'];
const PAGE_SIZE = 100;

function SortHeader(props: { label: string; column: SortKey; filter: CustomerFilter; onSort: (column: SortKey) => void }) {
  const active = props.filter.sort === props.column;
  return (
    <th scope="col" aria-sort={active ? props.filter.direction : 'none'}>
      <button type="button" class="sort" onClick={() => props.onSort(props.column)}>
        {props.label}
        <span aria-hidden="true" class="sort-mark">
          {active ? (props.filter.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
      </button>
    </th>
  );
}

const COLUMNS = 7;

function CustomerRow({ row, expanded, onToggle }: { row: TrackedCustomer; expanded: boolean; onToggle: () => void }) {
  const links = partnerCenterLinks(row.customerId);
  const name = row.name ?? t('dash_unnamed_customer');
  const detailsId = `details-${row.customerId}`;
  const next = nextActionLabel(row.nextAction);
  return (
    <>
    <tr data-customer-id={row.customerId} data-urgency={row.urgency ?? 'none'}>
      <th scope="row" class="customer">
        <button type="button" class="toggle" aria-expanded={expanded} aria-controls={detailsId} onClick={onToggle}>
          <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
          <span class="name">{name}</span>
          <span class="visually-hidden"> {t('dash_details_toggle')}</span>
        </button>
        <span class="tenant" title={t('dash_tenant_id')}>
          {row.customerId}
        </span>
        {row.blocked ? <span class="flag">{t('dash_blocked')}</span> : null}
      </th>
      <td class="retired">
        {row.retired.length === 0 ? (
          <>
            <span class="muted">{t('dash_expiring_only')}</span>
            {row.expiring.length > 0 ? (
              <ul>
                {row.expiring.map((name) => <li key={name}>{name}</li>)}
              </ul>
            ) : null}
          </>
        ) : (
          <ul>
            {row.retired.map((r) => (
              <li key={`${r.ruleId}|${r.name}`} title={r.ruleName}>
                {r.name}
                {r.quantity !== null ? <span class="muted"> × {r.quantity}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td class="phase">
        <span class={`phase-chip phase-${row.phase}`}>{phaseLabel(row.phase)}</span>
        {/* Clamped to three lines on screen; the full text stays in the DOM and the tooltip. */}
        <span class="next" title={next}>{next}</span>
      </td>
      <td class="end-date">{formatDay(row.endDate)}</td>
      <td class="days-left" data-days-left={row.daysLeft ?? ''}>
        <span class={`urgency urgency-${row.urgency ?? 'none'}`}>{urgencyLabel(row.urgency, row.daysLeft)}</span>
      </td>
      <td class="deprovision">{formatDay(row.deprovisionOn)}</td>
      <td class="links">
        <a href={links.subscriptions} target="_blank" rel="noopener noreferrer" aria-label={t('dash_link_subscriptions_for', name)}>
          {t('dash_link_subscriptions')}
        </a>
        <a href={links.users} target="_blank" rel="noopener noreferrer" aria-label={t('dash_link_users_for', name)}>
          {t('dash_link_users')}
        </a>
      </td>
    </tr>
    {expanded ? (
      <tr class="details-row">
        <td colSpan={COLUMNS}>
          <CustomerDetails row={row} id={detailsId} />
        </td>
      </tr>
    ) : null}
    </>
  );
}

export function CustomerTable({ rows }: { rows: TrackedCustomer[] }) {
  const [filter, setFilter] = useState<CustomerFilter>(DEFAULT_FILTER);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const shown = useMemo(() => filterCustomers(rows, filter), [rows, filter]);
  // Thousands of customers: render the most urgent first and the rest on request (search and
  // filters still cover every customer).
  const [limit, setLimit] = useState(PAGE_SIZE);
  const update = (patch: Partial<CustomerFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setLimit(PAGE_SIZE);
  };
  const onSort = (column: SortKey) =>
    setFilter((f) => ({ ...f, sort: column, direction: f.sort === column && f.direction === 'ascending' ? 'descending' : 'ascending' }));

  return (
    <div class="customers">
      <div class="toolbar" role="search">
        <label>
          {t('dash_search_label')}
          <input type="search" value={filter.search} placeholder={t('dash_search_placeholder')} onInput={(e) => update({ search: e.currentTarget.value })} />
        </label>
        <label>
          {t('dash_filter_step')}
          <select value={filter.phase} onChange={(e) => update({ phase: e.currentTarget.value as CustomerFilter['phase'] })}>
            <option value="all">{t('dash_filter_all')}</option>
            {TRACKED_PHASES.map((p) => (
              <option key={p} value={p}>
                {phaseLabel(p)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dash_filter_urgency')}
          <select value={filter.urgency} onChange={(e) => update({ urgency: e.currentTarget.value as CustomerFilter['urgency'] })}>
            <option value="all">{t('dash_filter_all')}</option>
            {URGENCIES.map((u) => (
              <option key={u} value={u}>
                {t(`dash_urgency_option_${u}`)}
              </option>
            ))}
          </select>
        </label>
        <p class="count" aria-live="polite">
          {tn('dash_count', rows.length, shown.length, rows.length)}
        </p>
      </div>
      {rows.length === 0 ? (
        <p class="empty">{t('dash_empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('dash_table_caption')}</caption>
          <thead>
            <tr>
              <SortHeader label={t('dash_col_customer')} column="name" filter={filter} onSort={onSort} />
              <th scope="col">{t('dash_col_retired')}</th>
              <SortHeader label={t('dash_col_step')} column="phase" filter={filter} onSort={onSort} />
              <SortHeader label={t('dash_col_end_date')} column="endDate" filter={filter} onSort={onSort} />
              <SortHeader label={t('dash_col_days_left')} column="urgency" filter={filter} onSort={onSort} />
              <th scope="col">{t('dash_col_deprovision')}</th>
              <th scope="col">{t('dash_col_links')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, limit).map((row) => (
              <CustomerRow key={row.customerId} row={row} expanded={expanded.has(row.customerId)} onToggle={() => toggle(row.customerId)} />
            ))}
          </tbody>
        </table>
      )}
      {shown.length > limit ? (
        <div class="more">
          <span class="muted">{t('dash_showing', limit, shown.length)}</span>
          <button type="button" onClick={() => setLimit((n) => n + PAGE_SIZE)}>
            {t('dash_show_more', Math.min(PAGE_SIZE, shown.length - limit))}
          </button>
          <button type="button" onClick={() => setLimit(shown.length)}>
            {t('dash_show_all')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
