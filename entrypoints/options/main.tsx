import { render } from 'preact';
import { ADD_ORIGIN_PARAM, webOriginOf } from '../../platform/context-menu';
import { t, uiLocale } from '../../platform/i18n';
import { App } from './App';
import './style.css';

document.documentElement.lang = uiLocale();
document.title = t('options_title');
// Only a web origin is accepted from the URL; anything else is ignored.
const prefill = webOriginOf(new URLSearchParams(location.search).get(ADD_ORIGIN_PARAM) ?? undefined);
const root = document.getElementById('app');
if (!root) throw new Error('options page: #app is missing from index.html');
render(<App prefill={prefill} />, root);
