/**
 * loadPageConfig against a fake background that answers `page.config` with whatever a test
 * gives: a well-formed config passes through, anything the content script could trip on gives
 * undefined (the caller then keeps to the built-in hosts).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadPageConfig } from '../../../entrypoints/content/page-config';

const CONFIG = {
  enabled: true,
  trackers: [{ origin: 'https://jira.acme.test', type: 'jira', name: 'Acme Jira' }],
  selectorOverrides: { jira: { title: 'h1' } },
  ignoredResponders: ['ci-bot'],
  services: [{ id: 'it-help', name: 'IT help' }],
  policies: [{ id: 'p1' }],
  calendars: [{ id: 'cn-2026', zone: 'Asia/Shanghai' }],
};

function answerPageConfigWith(data: unknown) {
  fakeBrowser.runtime.onMessage.addListener(((_message: unknown, _sender: unknown, sendResponse: (value: unknown) => void) => {
    sendResponse({ ok: true, data });
    return true;
  }) as never);
}

describe('loadPageConfig', () => {
  beforeEach(() => fakeBrowser.reset());

  it('gives the background config, what the background validated kept as is', async () => {
    answerPageConfigWith(CONFIG);
    expect(await loadPageConfig('https://jira.acme.test')).toEqual(CONFIG);
  });

  it('accepts a config without selector overrides', async () => {
    const { selectorOverrides: _none, ...withoutOverrides } = CONFIG;
    answerPageConfigWith(withoutOverrides);
    expect(await loadPageConfig('https://jira.acme.test')).toEqual(withoutOverrides);
  });

  it.each([
    ['no config at all', undefined],
    ['a string', 'config'],
    ['enabled that is not a boolean', { ...CONFIG, enabled: 'yes' }],
    ['trackers that are not an array', { ...CONFIG, trackers: {} }],
    ['a tracker of an unknown type', { ...CONFIG, trackers: [{ origin: 'https://x.test', type: 'redmine' }] }],
    ['a tracker without its origin', { ...CONFIG, trackers: [{ type: 'jira' }] }],
    ['selector overrides that are a string', { ...CONFIG, selectorOverrides: 'h1' }],
    ['ignored responders that are not all strings', { ...CONFIG, ignoredResponders: ['ci-bot', null] }],
    ['a service without an id', { ...CONFIG, services: [{ name: 'IT help' }] }],
    ['policies missing', { ...CONFIG, policies: undefined }],
    ['a calendar id that is a number', { ...CONFIG, calendars: [{ id: 2026 }] }],
  ])('gives undefined for %s', async (_what, data) => {
    answerPageConfigWith(data);
    expect(await loadPageConfig('https://jira.acme.test')).toBeUndefined();
  });

  it('gives undefined when the background refuses', async () => {
    fakeBrowser.runtime.onMessage.addListener(((_message: unknown, _sender: unknown, sendResponse: (value: unknown) => void) => {
      sendResponse({ ok: false, error: 'page.config: not ready' });
      return true;
    }) as never);
    expect(await loadPageConfig('https://jira.acme.test')).toBeUndefined();
  });
});
