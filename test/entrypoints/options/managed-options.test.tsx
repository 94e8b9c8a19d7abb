// @vitest-environment happy-dom
/** The options page under an organisation's policy (storage.managed). */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../../entrypoints/options/App';
import { DEFAULT_SETTINGS, readOwnSettings, writeSettings } from '../../../platform/settings';
import { setTestLanguage } from '../../setup/i18n';
import { installFakeExtensionApis, type FakeExtensionApis } from './fake-extension-apis';

let apis: FakeExtensionApis;
beforeEach(() => {
  fakeBrowser.reset();
  apis = installFakeExtensionApis();
});
afterEach(() => cleanup());

const gitlab = { origin: 'https://gitlab.corp.example', type: 'gitlab', name: 'Corp GitLab' };
const policy = { backendUrl: 'https://feedback.corp.example', token: 'org-token', trackers: [gitlab], anonymous: true };

const renderPage = async () => {
  render(<App connectionTimeoutMs={5000} />);
  await screen.findByRole('heading', { level: 1 });
};
const field = (label: string | RegExp) => screen.getByLabelText(label) as HTMLInputElement;
const describedText = (input: HTMLElement) =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

describe('options page with a policy', () => {
  it('shows managed keys read-only with the reason read out with the field; the rest stays editable', async () => {
    await fakeBrowser.storage.managed.set(policy);
    await renderPage();
    const url = field('Backend URL');
    expect(url.value).toBe('https://feedback.corp.example');
    expect(url.readOnly).toBe(true);
    expect(describedText(url)).toMatch(/Set by your organisation\..*browser policy/);
    expect(field('Access token').readOnly).toBe(true);
    const anonymous = field('Rate anonymously');
    expect(anonymous.checked).toBe(true);
    expect(anonymous.disabled).toBe(true);
    expect(describedText(anonymous)).toMatch(/Set by your organisation/);
    // Not managed: still the person's.
    expect(field('Do not send ticket titles').disabled).toBe(false);
    expect(field('Keep local ticket history for (days)').readOnly).toBe(false);
    // URL and token both managed: nothing to save in that section.
    expect(within(screen.getByRole('region', { name: 'Backend' })).queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.getByRole('region', { name: 'Managed by your organisation' }).textContent).toMatch(/Backend URL, Access token, Self-hosted trackers, Rate anonymously/);
  });

  it('lists the organisation trackers apart, without a remove button', async () => {
    await fakeBrowser.storage.managed.set({ trackers: [gitlab] });
    await writeSettings({ ...DEFAULT_SETTINGS, trackers: [{ origin: 'https://jira.team.example', type: 'jira' }] });
    apis.granted.add('https://gitlab.corp.example/*');
    apis.granted.add('https://jira.team.example/*');
    await renderPage();
    const organisation = await screen.findByRole('list', { name: 'From your organisation' });
    expect(organisation.textContent).toMatch(/Corp GitLab — https:\/\/gitlab.corp.example/);
    expect(within(organisation).queryByRole('button', { name: /Remove/ })).toBeNull();
    const own = screen.getByRole('list', { name: 'Your trackers' });
    expect(own.textContent).toMatch(/jira.team.example/);
    expect(own.textContent).not.toMatch(/gitlab.corp.example/);
  });

  it('asks once for all the organisation’s sites, inside the click, and the prompt goes when granted', async () => {
    await fakeBrowser.storage.managed.set(policy);
    await renderPage();
    const prompt = await screen.findByRole('region', { name: 'Your organisation set up these sites' });
    expect(prompt.textContent).toMatch(/2 site\(s\).*gitlab.corp.example.*feedback.corp.example/);
    fireEvent.click(within(prompt).getByRole('button', { name: 'Allow these sites' }));
    expect(apis.calls.request).toEqual([['https://gitlab.corp.example/*', 'https://feedback.corp.example/*']]);
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Your organisation set up these sites' })).toBeNull());
  });

  it('a malformed policy value is ignored with a visible explanation and the page still works', async () => {
    await fakeBrowser.storage.managed.set({ backendUrl: 'feedback.corp.example', historyDays: 0, trackers: [gitlab, { origin: 'https://x.example/path', type: 'gitlab' }] });
    await writeSettings({ ...DEFAULT_SETTINGS, backendUrl: 'https://mine.example' });
    await renderPage();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/The policy value for “Backend URL” was ignored: it must be a web address starting with https:\/\/ or http:\/\/ \(at backendUrl:/);
    expect(alert.textContent).toMatch(/“Days of ticket history” was ignored/);
    expect(alert.textContent).toMatch(/An entry of “Self-hosted trackers” was ignored.*trackers\.1\.origin/);
    // The person's own backend stays in force and editable.
    expect(field('Backend URL').value).toBe('https://mine.example');
    expect(field('Backend URL').readOnly).toBe(false);
  });

  it('follows a policy change live, and saving never copies managed values into the person’s own', async () => {
    await writeSettings({ ...DEFAULT_SETTINGS, backendUrl: 'https://mine.example', token: 'mine' });
    await renderPage();
    expect(field('Backend URL').readOnly).toBe(false);
    await fakeBrowser.storage.managed.set({ backendUrl: 'https://feedback.corp.example' });
    await waitFor(() => expect(field('Backend URL').value).toBe('https://feedback.corp.example'));
    expect(field('Backend URL').readOnly).toBe(true);
    // The token is still the person's: saving it keeps the managed URL out of their own settings.
    fireEvent.input(field('Access token'), { target: { value: 'mine-2' } });
    fireEvent.click(within(screen.getByRole('region', { name: 'Backend' })).getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect(await readOwnSettings()).toMatchObject({ backendUrl: 'https://mine.example', token: 'mine-2' }));
    await fakeBrowser.storage.managed.clear();
    await waitFor(() => expect(field('Backend URL').readOnly).toBe(false));
    expect(field('Backend URL').value).toBe('https://mine.example');
  });

  it('speaks Simplified Chinese too', async () => {
    setTestLanguage('zh_CN');
    await fakeBrowser.storage.managed.set(policy);
    await renderPage();
    expect(await screen.findByRole('region', { name: '贵单位为你设置了这些网站' })).toBeTruthy();
    expect(describedText(field('后端地址'))).toMatch(/由贵单位设置/);
  });
});
