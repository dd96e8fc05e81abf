/**
 * The dashboard (also the options page), in sections the URL hash selects (src/pages/dashboard/
 * route.ts): Customers (the overview and the table), Scan, Rules, Settings, Data, and one page per
 * customer. Back/forward and links work because the hash is the only navigation state; on a change
 * of section the focus moves to its heading, so keyboard and screen reader users land where they
 * went.
 *
 * Every section stays mounted and hidden when not shown: a running API scan lives in its panel, and
 * the table keeps its filters, selection and page while the partner visits a customer. Only the
 * customers' section loads with the page; the others' code loads when first shown, or when the page
 * is idle after the first screen (./lazy-part.tsx). The way to the Partner Center API
 * (./api-connection.tsx) is the page's: the scan and each customer's API actions share it. It holds
 * no data of its own beyond what it shows: it reads from the worker and re-reads whenever the worker
 * broadcasts a change. The one thing it keeps is the first screen it last showed, painted on the next
 * load until the worker's current one arrives (./first-screen-cache.ts).
 */
import { errorText } from '../shared/errors.ts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { DashboardView } from '../../core/tracked-customers.ts';
import type { RetirementRule } from '../../core/catalog-types.ts';
import { EMPTY_POLICY, type ManagedPolicy } from '../../core/managed-policy.ts';
import { ApiConnectionProvider } from './api-connection.tsx';
import { CustomerTable, PAGE_SIZE, type TableState } from './customer-table.tsx';
import { Overview } from './overview.tsx';
import { lazyPart, Loaded, prefetchParts } from './lazy-part.tsx';
import { keepFirstScreen, keptFirstScreen } from './first-screen-cache.ts';
import { DEFAULT_FILTER, type CustomerFilter } from './customer-filter.ts';
import { parseRoute, routeHash, SECTIONS, type DashboardRoute, type Section } from './route.ts';
import { formatCount, formatDay, t } from '../shared/i18n.ts';
import { send } from '../shared/worker-client.ts';
import { liveReload } from '../shared/live-reload.ts';

const SECTION_LABEL: Record<Section, string> = {
  customers: 'dash_section_customers',
  scan: 'dash_section_scan',
  rules: 'dash_section_rules',
  settings: 'dash_section_settings',
  data: 'dash_section_data',
};

const scanPanel = lazyPart(async () => (await import('./scan-panel.tsx')).ScanPanel);
const rulesEditor = lazyPart(async () => (await import('./rules-editor.tsx')).RulesEditor);
const settingsForm = lazyPart(async () => (await import('./settings-form.tsx')).SettingsForm);
const dataTransfer = lazyPart(async () => (await import('./data-transfer.tsx')).DataTransfer);
const customerPage = lazyPart(async () => (await import('./customer-page.tsx')).CustomerPage);

/** After the next frame is painted. */
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

function useRoute(): DashboardRoute {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function Section(props: { id: Section; shown: boolean; children: ComponentChildren }) {
  return (
    <section id={`section-${props.id}`} aria-labelledby={`${props.id}-heading`} hidden={!props.shown}>
      <h2 id={`${props.id}-heading`} tabIndex={-1} data-focus-target={props.shown ? true : undefined}>
        {t(SECTION_LABEL[props.id])}
      </h2>
      {props.children}
    </section>
  );
}

/**
 * The first screen of customers (a page of rows, most urgent first, with the counts of all): what the
 * page shows first. `current` is the worker's; `kept`, the one this page showed last time, if it is
 * still of this build and day (./first-screen-cache.ts): painted until `current` arrives.
 */
export interface FirstScreen {
  current: Promise<DashboardView>;
  kept: DashboardView | null;
}

export function firstScreen(): FirstScreen {
  const current = send({ kind: 'dashboard/get', first: PAGE_SIZE });
  // Read (and a failure shown) once the app mounts: not an unhandled rejection before then.
  current.catch(() => undefined);
  return { current, kept: keptFirstScreen() };
}

export function DashboardApp(props: { firstScreen?: FirstScreen }) {
  const route = useRoute();
  const kept = props.firstScreen?.kept ?? null;
  const [view, setView] = useState<DashboardView | null>(kept);
  const [rules, setRules] = useState<RetirementRule[]>([]);
  const [managed, setManaged] = useState<ManagedPolicy>(EMPTY_POLICY);
  const [error, setError] = useState<string | null>(null);
  const [table, setTable] = useState<TableState>({ filter: DEFAULT_FILTER, selected: new Set(), anchor: null });

  const firstRead = useRef(props.firstScreen?.current ?? null);
  const reload = useCallback(async () => {
    try {
      // What the organisation sets only adds notes and locks: an older worker without it changes nothing.
      const others = Promise.all([send({ kind: 'rules/list' }), send({ kind: 'managed/get' }).catch(() => EMPTY_POLICY)]);
      const first = firstRead.current;
      if (first) {
        // The first screen first (a page of rows and the counts of all), painted before the whole
        // list is asked for: thousands of rows take a while to cross from the worker.
        firstRead.current = null;
        setView(await first);
        await nextFrame();
      }
      const [dashboard, [partnerRules, policy]] = await Promise.all([send({ kind: 'dashboard/get' }), others]);
      setView(dashboard);
      // What the next load paints before the worker answers.
      keepFirstScreen(dashboard, PAGE_SIZE);
      setRules(partnerRules);
      setManaged(policy);
      setError(null);
    } catch (failure) {
      // The last visit's rows are not shown beside a failed read as if they were current.
      setView((shown) => (shown === kept ? null : shown));
      setError(errorText(failure));
    }
  }, [kept]);
  useEffect(() => liveReload(reload), [reload]);

  // After a navigation (not the first load: the page opens where the browser puts it), focus the
  // heading of what is now shown; a part whose code had to load first, once it is shown.
  const main = useRef<HTMLElement>(null);
  const navigated = useRef<boolean | null>(null);
  const shownRoute = routeHash(route);
  const focusShown = useCallback(() => {
    if (navigated.current) main.current?.querySelector<HTMLElement>('[data-focus-target]')?.focus();
  }, []);
  useEffect(() => {
    navigated.current = navigated.current !== null;
    focusShown();
  }, [shownRoute, focusShown]);

  const rows = useMemo(() => view?.customers ?? [], [view]);
  // What only the worker's current view may feed: a form's values, a customer's page.
  const currentView = view === kept ? null : view;
  // Only the first screen is in (or the last visit's): search, filters, "select all" and the export wait for every customer.
  const complete = currentView !== null && currentView.customers.length === currentView.total;
  useEffect(() => {
    if (complete) prefetchParts([customerPage, scanPanel, settingsForm, dataTransfer, rulesEditor]);
  }, [complete]);
  const onFilter = useCallback((patch: Partial<CustomerFilter>) => setTable((s) => ({ ...s, filter: { ...s.filter, ...patch } })), []);
  const current: Section = route.section === 'customer' ? 'customers' : route.section;
  const onCustomers = route.section === 'customers';

  return (
    <ApiConnectionProvider>
      <a
        class="skip-link"
        // Its target is the shown heading (assistive technology checks it exists); the click focuses it without a navigation.
        href={`#${route.section}-heading`}
        onClick={(e) => {
          e.preventDefault();
          main.current?.querySelector<HTMLElement>('[data-focus-target]')?.focus();
        }}
      >
        {t('dash_skip_to_content')}
      </a>
      <header class="page-header">
        <h1>{t('extName')}</h1>
        <p class="muted">{t('dash_subtitle')}</p>
        <nav aria-label={t('dash_nav_label')}>
          <ul class="tabs">
            {SECTIONS.map((section) => (
              <li key={section}>
                <a href={routeHash({ section })} aria-current={current === section ? 'page' : undefined}>
                  {t(SECTION_LABEL[section])}
                  {section === 'customers' && view ? <span class="tab-count"> {formatCount(view.total)}</span> : null}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main ref={main}>
        {error ? (
          <p role="alert" class="report error">
            {error}{' '}
            <button type="button" onClick={() => void reload()}>
              {t('dash_retry')}
            </button>
          </p>
        ) : null}
        <Section id="customers" shown={onCustomers}>
          {view ? (
            <>
              <p class="muted">{t('dash_today', formatDay(view.today))}</p>
              {rows.length > 0 ? <Overview counts={view.counts} filter={table.filter} onFilter={onFilter} /> : null}
              <CustomerTable rows={rows} complete={complete} today={view.today} base={view.partnerCenterBase} state={table} onState={setTable} onFilter={onFilter} />
            </>
          ) : (
            <p role="status">{t('dash_loading')}</p>
          )}
        </Section>
        {route.section === 'customer' ? (
          <Loaded part={customerPage} wanted onLoad={focusShown}>
            {(CustomerPage) => <CustomerPage key={route.customerId} customerId={route.customerId} dashboard={currentView} />}
          </Loaded>
        ) : null}
        <Section id="scan" shown={route.section === 'scan'}>
          <Loaded part={scanPanel} wanted={route.section === 'scan'}>
            {(ScanPanel) => <ScanPanel />}
          </Loaded>
        </Section>
        <Section id="rules" shown={route.section === 'rules'}>
          <Loaded part={rulesEditor} wanted={route.section === 'rules'}>
            {(RulesEditor) => <RulesEditor rules={rules} />}
          </Loaded>
        </Section>
        <Section id="settings" shown={route.section === 'settings'}>
          <Loaded part={settingsForm} wanted={route.section === 'settings'}>
            {(SettingsForm) => <SettingsForm settings={currentView?.settings ?? null} managed={managed} />}
          </Loaded>
        </Section>
        <Section id="data" shown={route.section === 'data'}>
          <Loaded part={dataTransfer} wanted={route.section === 'data'}>
            {(DataTransfer) => <DataTransfer view={complete ? view : null} />}
          </Loaded>
        </Section>
      </main>
    </ApiConnectionProvider>
  );
}
