import { render } from 'preact';
import { DashboardApp, firstScreen } from './dashboard-app.tsx';
import { t, uiLanguage } from '../shared/i18n.ts';
import './dashboard.css';

// Asked for before the first render: the worker answers while the page builds itself.
const first = firstScreen();
document.documentElement.lang = uiLanguage();
document.title = `${t('extName')} — ${t('dash_title')}`;
render(<DashboardApp firstScreen={first} />, document.getElementById('app')!);
