// Gives WXT's fakeBrowser a real browser.i18n backed by the same catalog the build ships,
// with a switchable language: `setTestLanguage('zh_CN')`.
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { formatMessage, loadCatalog, type Language } from '../../utils/i18n/catalog';

const catalogs = { en: loadCatalog(process.cwd(), 'en'), zh_CN: loadCatalog(process.cwd(), 'zh_CN') };
let language: Language = 'en';

export function setTestLanguage(next: Language): void {
  language = next;
}

function install(): void {
  const i18n = fakeBrowser.i18n as unknown as Record<string, unknown>;
  i18n.getMessage = (key: string, substitutions?: string | string[]) => {
    const entry = catalogs[language][key];
    if (!entry) return '';
    return formatMessage(entry, typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []));
  };
  i18n.getUILanguage = () => (language === 'zh_CN' ? 'zh-CN' : 'en-US');
}

install();
beforeEach(() => {
  language = 'en';
  install();
});
