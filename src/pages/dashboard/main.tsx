import { render } from 'preact';
import { DashboardApp } from './dashboard-app.tsx';
import { t, uiLanguage } from '../shared/i18n.ts';
import './dashboard.css';

document.documentElement.lang = uiLanguage();
document.title = `${t('extName')} — ${t('dash_title')}`;
render(<DashboardApp />, document.getElementById('app')!);
