import { render } from 'preact';
import { t, uiLocale } from '../../platform/i18n';
import { App } from './App';
import './style.css';

document.documentElement.lang = uiLocale();
document.title = t('popup_title');
render(<App />, document.getElementById('app')!);
