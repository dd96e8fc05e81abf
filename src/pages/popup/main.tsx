import { render } from 'preact';
import { PopupApp } from './popup-app.tsx';
import { t, uiLanguage } from '../shared/i18n.ts';
import '../dashboard/dashboard.css';
import './popup.css';

document.documentElement.lang = uiLanguage();
document.title = t('extName');
render(<PopupApp />, document.getElementById('app')!);
