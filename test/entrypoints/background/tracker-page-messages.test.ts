import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LANGUAGES, loadCatalog } from '../../../utils/i18n/catalog';
import { t, setHandedOverMessages } from '../../../platform/i18n';
import { forgetTrackerPageMessages, TRACKER_PAGE_KEYS, trackerPageMessages } from '../../../entrypoints/background/tracker-page-messages';
import { setTestLanguage } from '../../setup/i18n';

beforeEach(() => {
  forgetTrackerPageMessages();
  setHandedOverMessages(undefined);
});

describe('tracker-page messages (handed over with page.config)', () => {
  it('cover every key of the areas tracker pages render, and only those', () => {
    const catalog = loadCatalog(process.cwd(), 'en');
    const expected = Object.keys(catalog).filter((key) => /^(content|rating|sla)_/.test(key));
    expect([...TRACKER_PAGE_KEYS].sort()).toEqual(expected.sort());
  });

  it.each(LANGUAGES)('give the same text as i18n.getMessage, substitutions included (%s)', (language) => {
    setTestLanguage(language);
    const direct = TRACKER_PAGE_KEYS.map((key) => t(key, 'A<b>', 7, '$2'));
    setHandedOverMessages(trackerPageMessages());
    expect(TRACKER_PAGE_KEYS.map((key) => t(key, 'A<b>', 7, '$2'))).toEqual(direct);
    // A substitution is never read as a position again.
    expect(t('content_widgetLabel', '$1$1')).toBe(direct[TRACKER_PAGE_KEYS.indexOf('content_widgetLabel')]!.replace('A<b>', '$1$1'));
  });

  it('are resolved in the browser language, once per worker', () => {
    setTestLanguage('zh_CN');
    const chinese = trackerPageMessages();
    expect(chinese.rating_close).toBe(loadCatalog(process.cwd(), 'zh_CN').rating_close!.message);
    setTestLanguage('en');
    expect(trackerPageMessages()).toBe(chinese);
  });

  it('with none handed over, t() asks the browser; a handed-over table is used without asking', () => {
    expect(t('rating_close')).toBe('Close');
    setHandedOverMessages({ rating_close: 'Schließen' });
    (fakeBrowser.i18n as unknown as { getMessage: () => string }).getMessage = () => {
      throw new Error('i18n.getMessage must not be called');
    };
    expect(t('rating_close')).toBe('Schließen');
  });

  it('no tracker-page message uses "$$": the page would read the "$" that stays as a position', () => {
    for (const language of LANGUAGES) {
      const catalog = loadCatalog(process.cwd(), language);
      for (const key of TRACKER_PAGE_KEYS) expect(catalog[key]?.message, `${language} ${key}`).not.toContain('$$');
    }
  });
});
