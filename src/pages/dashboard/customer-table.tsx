/**
 * Every tracked customer in one accessible table: native table semantics, sort buttons in the
 * column headers with aria-sort, filters and search as labelled form controls, a checkbox per row
 * for bulk work (shift-click ticks a range, the header box every customer the filter lists), the
 * customer's name linking to its page, and links to its Partner Center pages.
 *
 * Thousands of customers: the order is computed once per list and sort, a keystroke only filters
 * it, and a page of rows is rendered in a table of fixed column widths, a screenful first (the rest
 * on request; search, filters and "select all" still cover every customer).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { DashboardRow } from '../../core/tracked-customers.ts';
import { TRACKED_PHASES } from '../../core/tracked-customers.ts';
import { END_WINDOWS } from '../../core/overview-counts.ts';
import { applyFilter, isFiltered, partnerCenterLinks, sortCustomers, type CustomerFilter, type SortKey } from './customer-filter.ts';
import { formatCount, formatDay, formatTime, nextActionLabel, phaseLabel, t, tn, urgencyLabel } from '../shared/i18n.ts';
import { clickSelection, selectAll, selectAllState, type Selection } from './selection.ts';
import { routeHash } from './route.ts';
import { stepFlags } from './row-flags.ts';
import { BulkActions } from './bulk-actions.tsx';
import { NotRenewing } from './not-renewing.tsx';

const URGENCIES: CustomerFilter['urgency'][] = ['all', 'expired', 'critical', 'soon', 'later', 'none'];
const REVIEWED: CustomerFilter['reviewed'][] = ['all', 'not-reviewed', 'reviewed'];
const REVIEWED_LABEL: Record<CustomerFilter['reviewed'], string> = { all: 'dash_filter_all', 'not-reviewed': 'dash_filter_not_reviewed', reviewed: 'dash_filter_reviewed_only' };

/** A labelled filter: one of a few values. */
function Choice<T extends string>(props: { label: string; value: T; options: readonly T[]; text: (value: T) => string; onChange: (value: T) => void }) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as T)}>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.text(o)}
          </option>
        ))}
      </select>
    </label>
  );
}
export const PAGE_SIZE = 50;
/** More than a screen holds, at any window height: painted before the rest of the page. */
const FIRST_ROWS = 20;
const COLUMNS = 8;

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

function CustomerRow(props: { row: DashboardRow; base: string | null; selected: boolean; onSelect: (id: string, checked: boolean, shift: boolean) => void }) {
  const { row } = props;
  const links = partnerCenterLinks(row.customerId, props.base);
  const name = row.name ?? t('dash_unnamed_customer');
  const next = nextActionLabel(row.nextAction);
  return (
    <tr data-customer-id={row.customerId} data-urgency={row.urgency ?? 'none'} aria-selected={props.selected}>
      <td class="select">
        <input type="checkbox" checked={props.selected} aria-label={t('dash_select_customer', name)} onClick={(e) => props.onSelect(row.customerId, e.currentTarget.checked, e.shiftKey)} />
      </td>
      <th scope="row" class="customer">
        <a class="name" href={routeHash({ section: 'customer', customerId: row.customerId })}>
          {name}
        </a>
        <span class="tenant" title={t('dash_tenant_id')}>
          {row.customerId}
        </span>
        {row.blocked ? <span class="flag">{t('dash_blocked')}</span> : null}
        {row.reviewedAt ? (
          <span class="reviewed" title={formatTime(row.reviewedAt)}>
            {t('dash_reviewed_on', formatDay(row.reviewedAt.slice(0, 10)))}
          </span>
        ) : null}
      </th>
      <td class="retired">
        {row.retired.length === 0 ? (
          <>
            <span class="muted">{t('dash_expiring_only')}</span>
            {row.expiringEnds.length > 0 ? (
              <NotRenewing ends={row.expiringEnds} heading={false} />
            ) : row.expiring.length > 0 ? (
              <ul>
                {row.expiring.map((expiring) => (
                  <li key={expiring}>{expiring}</li>
                ))}
              </ul>
            ) : null}
          </>
        ) : (
          <>
            <ul>
              {row.retired.map((r) => (
                <li key={`${r.ruleId}|${r.name}`} title={r.ruleName}>
                  {r.name}
                  {r.quantity !== null ? <span class="muted"> × {r.quantity}</span> : null}
                </li>
              ))}
            </ul>
            <NotRenewing ends={row.expiringEnds} />
          </>
        )}
      </td>
      <td class="phase">
        <span class={`phase-chip phase-${row.phase}`}>{phaseLabel(row.phase)}</span>
        {/* The whole text, wrapped between words. */}
        <span class="next">{next}</span>
        {stepFlags(row).map((flag) => (
          <span key={flag} class="flag">
            {flag}
          </span>
        ))}
      </td>
      <td class="end-date">{formatDay(row.endDate)}</td>
      <td class="days-left" data-days-left={row.daysLeft ?? ''}>
        <span class={`urgency urgency-${row.urgency ?? 'none'}`}>{urgencyLabel(row.urgency, row.daysLeft, row.accessAtRisk !== null)}</span>
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
  );
}

export interface TableState {
  filter: CustomerFilter;
  selected: Selection;
  /** The last checkbox clicked, where a shift-click range starts. */
  anchor: string | null;
}

export function CustomerTable(props: {
  rows: readonly DashboardRow[];
  today: string;
  base: string | null;
  /** false while only the first screen of rows is in (the count waits, "select all" too). */
  complete: boolean;
  state: TableState;
  onState: (update: (state: TableState) => TableState) => void;
  onFilter: (patch: Partial<CustomerFilter>) => void;
}) {
  const { rows, state, onState, onFilter } = props;
  const { filter, selected } = state;
  const sorted = useMemo(() => sortCustomers(rows, filter.sort, filter.direction), [rows, filter.sort, filter.direction]);
  const shown = useMemo(
    () => applyFilter(sorted, filter),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the fields applyFilter reads (sorting is in `sorted`)
    [sorted, filter.search, filter.phase, filter.urgency, filter.window, filter.reviewed],
  );
  const shownIds = useMemo(() => shown.map((r) => r.customerId), [shown]);
  const selectedRows = useMemo(() => sorted.filter((r) => selected.has(r.customerId)), [sorted, selected]);
  const [limit, setLimit] = useState(FIRST_ROWS);
  // Another filter, search or sort starts again from the first rows; a re-read of the same list keeps the page.
  const listKey = [filter.search, filter.phase, filter.urgency, filter.window, filter.reviewed, filter.sort, filter.direction].join('\n');
  const [keyShown, setKeyShown] = useState(listKey);
  if (keyShown !== listKey) {
    setKeyShown(listKey);
    setLimit(FIRST_ROWS);
  }
  // The rows that fill a screen are painted first; the rest of the page follows in the next task.
  useEffect(() => {
    if (limit >= PAGE_SIZE) return;
    const timer = setTimeout(() => setLimit((n) => Math.max(n, PAGE_SIZE)), 0);
    return () => clearTimeout(timer);
  }, [limit]);
  const pageEnd = Math.max(limit, PAGE_SIZE);

  const onSort = (column: SortKey) => onFilter({ sort: column, direction: filter.sort === column && filter.direction === 'ascending' ? 'descending' : 'ascending' });
  const onSelect = (id: string, checked: boolean, shift: boolean) => onState((s) => ({ ...s, selected: clickSelection(s.selected, shownIds, id, checked, s.anchor, shift), anchor: id }));
  const all = selectAllState(selected, shownIds);

  return (
    <div class="customers">
      <div class="toolbar" role="search">
        <label>
          {t('dash_search_label')}
          <input type="search" value={filter.search} placeholder={t('dash_search_placeholder')} onInput={(e) => onFilter({ search: e.currentTarget.value })} />
        </label>
        <Choice
          label={t('dash_filter_step')}
          value={filter.phase}
          options={['all', ...TRACKED_PHASES]}
          text={(p) => (p === 'all' ? t('dash_filter_all') : phaseLabel(p))}
          onChange={(phase) => onFilter({ phase })}
        />
        <Choice
          label={t('dash_filter_urgency')}
          value={filter.urgency}
          options={URGENCIES}
          text={(u) => (u === 'all' ? t('dash_filter_all') : t(`dash_urgency_option_${u}`))}
          onChange={(urgency) => onFilter({ urgency })}
        />
        <Choice
          label={t('dash_filter_window')}
          value={filter.window}
          options={['all', ...END_WINDOWS]}
          text={(w) => (w === 'all' ? t('dash_filter_all') : t(`dash_window_${w.replace('-', '_')}`))}
          onChange={(window) => onFilter({ window })}
        />
        <Choice label={t('dash_filter_reviewed')} value={filter.reviewed} options={REVIEWED} text={(r) => t(REVIEWED_LABEL[r])} onChange={(reviewed) => onFilter({ reviewed })} />
        {isFiltered(filter) ? (
          <button type="button" class="clear-filters" onClick={() => onFilter({ search: '', phase: 'all', urgency: 'all', window: 'all', reviewed: 'all' })}>
            {t('dash_filter_clear')}
          </button>
        ) : null}
        <p class="count" aria-live="polite">
          {props.complete ? tn('dash_count', rows.length, formatCount(shown.length), formatCount(rows.length)) : t('dash_loading')}
        </p>
      </div>
      {selectedRows.length > 0 ? <BulkActions selected={selectedRows} today={props.today} base={props.base} onClear={() => onState((s) => ({ ...s, selected: new Set(), anchor: null }))} /> : null}
      {rows.length === 0 ? (
        <p class="empty">{t('dash_empty')}</p>
      ) : (
        // In a narrow window (200 % zoom) the table scrolls sideways in its own box, the page does not.
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">{t('dash_table_caption')}</caption>
            {/* Fixed column widths: the browser lays the table out without measuring every cell. */}
            <colgroup>
              {['select', 'customer', 'retired', 'phase', 'end-date', 'days-left', 'deprovision', 'links'].map((c) => (
                <col key={c} class={`col-${c}`} />
              ))}
            </colgroup>
            <thead>
              <tr>
                <th scope="col" class="select">
                  <input
                    type="checkbox"
                    checked={all === 'all' && shown.length > 0}
                    indeterminate={all === 'some'}
                    disabled={shown.length === 0 || !props.complete}
                    aria-label={tn('dash_select_all', shown.length, formatCount(shown.length))}
                    onClick={(e) => onState((s) => ({ ...s, selected: selectAll(s.selected, shownIds, e.currentTarget.checked), anchor: null }))}
                  />
                </th>
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
                <CustomerRow key={row.customerId} row={row} base={props.base} selected={selected.has(row.customerId)} onSelect={onSelect} />
              ))}
              {shown.length === 0 ? (
                <tr>
                  <td colSpan={COLUMNS} class="muted">
                    {t('dash_no_match')}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      )}
      {shown.length > pageEnd ? (
        <div class="more">
          <span class="muted">{t('dash_showing', formatCount(pageEnd), formatCount(shown.length))}</span>
          <button type="button" onClick={() => setLimit(pageEnd + PAGE_SIZE)}>
            {t('dash_show_more', Math.min(PAGE_SIZE, shown.length - pageEnd))}
          </button>
          <button type="button" onClick={() => setLimit(shown.length)}>
            {t('dash_show_all')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
