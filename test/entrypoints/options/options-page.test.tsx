// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
// (An extension page with host access is not bound by CORS; the option models that.)
// The real backend (server/start.ts) is exercised in connection-test.test.ts: under happy-dom the
// globals Request/Response are happy-dom's, which Hono's node adapter cannot serve with.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../../entrypoints/options/App';
import { REMOTE_CONFIG_KEY } from '../../../platform/remote-config';
import { DEFAULT_SETTINGS, readSettings, SETTINGS_KEY, SETTINGS_VERSION, writeSettings, type Settings } from '../../../platform/settings';
import { RemoteConfig } from '../../../utils/contracts/schema';
import { scriptIdForOrigin } from '../../../platform/tracker-access';
import { setTestLanguage } from '../../setup/i18n';
import { installFakeExtensionApis, type FakeExtensionApis } from './fake-extension-apis';
import { closedPortUrl, DEMO_TOKEN, EXAMPLE_CONFIG, startUntrustedHttpsBackend, useLoopbackBackend } from './loopback-backend';

let apis: FakeExtensionApis;
beforeEach(() => {
  fakeBrowser.reset();
  apis = installFakeExtensionApis();
});
afterEach(() => cleanup());

const stored = async (): Promise<Settings> => (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as Settings;
const field = (label: string | RegExp) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string | RegExp, value: string) => fireEvent.input(field(label), { target: { value } });
const renderPage = async (props: Parameters<typeof App>[0] = {}) => {
  // Generous: two shared cores can make a loopback answer slow; the timeout test sets its own.
  render(<App connectionTimeoutMs={5000} {...props} />);
  await screen.findByRole('heading', { level: 1, name: 'Service Feedback settings' });
};
const backendSection = () => screen.getByRole('region', { name: 'Backend' });
const trackersSection = () => screen.getByRole('region', { name: 'Trackers' });

/** The error message tied to a field through aria-describedby. */
function describedText(input: HTMLElement): string {
  return (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

describe('backend', () => {
  it('says plainly that it works locally when no backend is set', async () => {
    await renderPage();
    expect(within(backendSection()).getByText(/Service Feedback works in local-only mode/)).toBeTruthy();
    expect(screen.getByText(/Nothing is sent anywhere/)).toBeTruthy();
  });

  it('saves URL and token and asks for the backend origin inside the click', async () => {
    await renderPage();
    type('Backend URL', 'https://feedback.example.com/sf');
    type('Access token', 'secret-9');
    fireEvent.click(within(backendSection()).getByRole('button', { name: 'Save' }));
    // The request happened synchronously in the click handler, before any await.
    expect(apis.calls.request).toEqual([['https://feedback.example.com/*']]);
    await within(backendSection()).findByText('Saved.');
    expect(await stored()).toMatchObject({ backendUrl: 'https://feedback.example.com/sf', token: 'secret-9', version: SETTINGS_VERSION });
    expect(screen.getByText(/To https:\/\/feedback.example.com, for each rating/)).toBeTruthy();
  });

  it('refuses an address without a scheme, tying the message to the field', async () => {
    await renderPage();
    type('Backend URL', 'feedback.example.com');
    fireEvent.click(within(backendSection()).getByRole('button', { name: 'Save' }));
    const input = field('Backend URL');
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    expect(describedText(input)).toMatch(/Enter a full address starting with https:\/\//);
    expect(apis.calls.request).toEqual([]);
    expect(await stored()).toBeUndefined();
  });

  it('saving an empty URL returns to local-only mode and gives up the old origin', async () => {
    await writeSettings({ ...DEFAULT_SETTINGS, backendUrl: 'https://feedback.example.com', token: 'x' });
    apis.granted.add('https://feedback.example.com/*');
    await renderPage();
    type('Backend URL', '');
    type('Access token', '');
    fireEvent.click(within(backendSection()).getByRole('button', { name: 'Save' }));
    await within(backendSection()).findByText(/Local-only mode: nothing leaves this browser/);
    expect((await stored()).backendUrl).toBeUndefined();
    expect(apis.calls.remove).toEqual([['https://feedback.example.com/*']]);
  });
});

/** Types URL and token, presses "Test connection" and returns the outcome sentence. */
const runTest = async (url: string, token: string, props: Parameters<typeof App>[0] = {}) => {
  await renderPage(props);
  type('Backend URL', url);
  type('Access token', token);
  fireEvent.click(within(backendSection()).getByRole('button', { name: 'Test connection' }));
  await within(backendSection()).findByText('Testing the connection…');
  await waitFor(() => expect(within(backendSection()).queryByText('Testing the connection…')).toBeNull(), { timeout: 8000 });
  return within(backendSection()).getByRole('status').textContent ?? '';
};

describe('test connection against a real loopback server', () => {
  const loopback = useLoopbackBackend();

  it('OK names the number of services', async () => {
    const policies = EXAMPLE_CONFIG.policies.length;
    expect(await runTest(loopback().url, DEMO_TOKEN)).toBe(`Connected. The backend offers ${EXAMPLE_CONFIG.services.length} service(s) and ${policies} SLA policy(ies).`);
    expect(apis.calls.request).toEqual([['http://127.0.0.1/*']]);
  });

  it('401: wrong token', async () => {
    expect(await runTest(loopback().url, 'wrong')).toMatch(/refused the token \(HTTP 401\)/);
  });

  it('config invalid: names the field', async () => {
    loopback().config = { services: [{ id: 's', name: 'S', whoMayRate: 'everyone' }] };
    expect(await runTest(loopback().url, DEMO_TOKEN)).toMatch(/configuration is invalid: services\.0\.whoMayRate:/);
  });

  it('timeout', async () => {
    loopback().delayMs = 3000;
    expect(await runTest(loopback().url, DEMO_TOKEN, { connectionTimeoutMs: 500 })).toMatch(/did not answer within 1 seconds/);
  });

  it('unreachable', async () => {
    const url = await closedPortUrl();
    expect(await runTest(url, DEMO_TOKEN)).toMatch(new RegExp(`Could not reach ${url.replace(/[.]/g, '\\.')}\\. Check the address and that the server is running`));
  });

  it('TLS: an untrusted certificate is called out', async () => {
    const https = await startUntrustedHttpsBackend();
    try {
      expect(await runTest(https.url, DEMO_TOKEN)).toMatch(/certificate/);
    } finally {
      await https.close();
    }
  });
});

describe('trackers', () => {
  const addJira = async (url: string) => {
    type('Tracker address', url);
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'jira' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add tracker' }));
  };

  it('adding asks for the origin, saves it and registers the content script', async () => {
    await renderPage();
    await addJira('https://jira.example.com/jira/browse/OPS-1');
    expect(apis.calls.request).toEqual([['https://jira.example.com/*']]);
    await screen.findByText(/Added https:\/\/jira.example.com/);
    expect((await stored()).trackers).toEqual([{ origin: 'https://jira.example.com', type: 'jira', contextPath: '/jira' }]);
    expect(apis.calls.register.flat().map((script) => script.id)).toEqual([scriptIdForOrigin('https://jira.example.com')]);
    const row = within(screen.getByRole('list', { name: 'Your trackers' })).getByRole('listitem');
    expect(row.textContent).toMatch(/https:\/\/jira.example.com.*Jira Server \/ Data Center.*Access granted/);
  });

  it('declined access: nothing is added, and the reason is said', async () => {
    apis.answerPrompt = () => false;
    await renderPage();
    await addJira('https://jira.example.com');
    await screen.findByText('Access to https://jira.example.com was not granted, so the tracker was not added.');
    expect(await stored()).toBeUndefined();
    expect(apis.calls.register).toEqual([]);
  });

  it('removing revokes the permission and unregisters the script', async () => {
    await writeSettings({ ...DEFAULT_SETTINGS, trackers: [{ origin: 'https://git.example.com', type: 'gitlab' }] });
    apis.granted.add('https://git.example.com/*');
    apis.scripts.set(scriptIdForOrigin('https://git.example.com'), { id: scriptIdForOrigin('https://git.example.com'), matches: ['https://git.example.com/*'], js: ['content-scripts/content.js'] });
    await renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Remove https://git.example.com' }));
    await screen.findByText('Removed https://git.example.com and gave up access to it.');
    expect(apis.calls.remove).toEqual([['https://git.example.com/*']]);
    expect(apis.calls.unregister).toEqual([[scriptIdForOrigin('https://git.example.com')]]);
    expect((await stored()).trackers).toEqual([]);
  });

  it.each([
    ['', 'Tracker address', /Enter the tracker's address/],
    ['ftp://files.example.com', 'Tracker address', /Only http:\/\/ and https:\/\//],
    ['https://github.com/acme', 'Tracker address', /https:\/\/github.com is built in/],
  ])('refuses address %j with a message on the field', async (url, label, message) => {
    await renderPage();
    await addJira(url);
    const input = field(label);
    await waitFor(() => expect(describedText(input)).toMatch(message));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(apis.calls.request).toEqual([]);
  });

  it('generic rules: the Redmine preset fills the editor; a broken pattern is named on its field', async () => {
    await renderPage();
    type('Tracker address', 'https://redmine.example.com');
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'generic' } });
    fireEvent.change(await screen.findByLabelText('Start from'), { target: { value: 'redmine' } });
    await waitFor(() => expect(field('Title selector (CSS)').value).toBe('div.issue div.subject h3'));
    type('Ticket path pattern', '/issues/(\\d+)');
    fireEvent.click(screen.getByRole('button', { name: 'Add tracker' }));
    await waitFor(() => expect(describedText(field('Ticket path pattern'))).toMatch(/pathPattern: must be a valid regular expression with a named group/));
    expect(apis.calls.request).toEqual([]);

    type('Ticket path pattern', '/issues/(?<key>\\d+)');
    fireEvent.click(screen.getByRole('button', { name: 'Add tracker' }));
    await screen.findByText(/Added https:\/\/redmine.example.com/);
    expect((await stored()).trackers[0]).toMatchObject({ type: 'generic', preset: 'redmine', name: 'Redmine', resolvedStatuses: expect.arrayContaining(['Closed', '已关闭']) });
  });

  it('built-in switches save disabledBuiltIns', async () => {
    await renderPage();
    const gitlab = screen.getByRole('switch', { name: 'GitLab (gitlab.com)' }) as HTMLInputElement;
    expect(gitlab.checked).toBe(true);
    fireEvent.click(gitlab);
    await waitFor(async () => expect((await stored())?.disabledBuiltIns).toEqual(['gitlab']));
  });

  it('pre-fills the origin handed over by the toolbar menu', async () => {
    await renderPage({ prefill: 'https://tracker.example.com:8443' });
    expect(field('Tracker address').value).toBe('https://tracker.example.com:8443');
    expect(screen.getByText('Choose the type of the tracker at https://tracker.example.com:8443, then add it.')).toBeTruthy();
  });

  it('a hand-over for an origin already listed says so instead of offering a duplicate', async () => {
    await writeSettings({ ...DEFAULT_SETTINGS, trackers: [{ origin: 'https://jira.example.com', type: 'jira' }] });
    await renderPage({ prefill: 'https://jira.example.com' });
    expect(await screen.findByText('https://jira.example.com is already in your list.')).toBeTruthy();
  });

  it('shows trackers and services pushed by the backend read-only, with their access', async () => {
    const config = RemoteConfig.parse({ ...EXAMPLE_CONFIG, trackers: [{ origin: 'https://ghe.example.com', type: 'github' }] });
    await writeSettings({ ...DEFAULT_SETTINGS, backendUrl: 'https://feedback.example.com' });
    await fakeBrowser.storage.local.set({ [REMOTE_CONFIG_KEY]: { config, etag: '"7"', fetchedAt: new Date().toISOString(), backendUrl: 'https://feedback.example.com' } });
    await renderPage();
    const remote = await screen.findByRole('list', { name: 'Trackers from your backend (read-only)' });
    expect(within(remote).getByText('https://ghe.example.com')).toBeTruthy();
    expect(within(remote).queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(within(remote).getByText('No access')).toBeTruthy();
    const services = screen.getByRole('list', { name: 'Services from your backend (read-only)' });
    expect(within(services).getAllByRole('listitem')).toHaveLength(EXAMPLE_CONFIG.services.length);
  });
});

describe('lost permissions', () => {
  it('detects access dropped behind the page and re-grants it in one click', async () => {
    const origins = ['https://jira.example.com', 'https://git.example.com'];
    await writeSettings({ ...DEFAULT_SETTINGS, trackers: [{ origin: origins[0]!, type: 'jira' }, { origin: origins[1]!, type: 'gitlab' }] });
    for (const origin of origins) apis.granted.add(`${origin}/*`);
    await renderPage();
    await waitFor(() => expect(screen.getAllByText('Access granted')).toHaveLength(2));

    // The browser drops them (no onRemoved event); the person comes back to the tab.
    for (const origin of origins) apis.loseSilently(`${origin}/*`);
    fireEvent(window, new Event('focus'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/no access to 2 site\(s\).*https:\/\/jira.example.com, https:\/\/git.example.com/);

    fireEvent.click(within(alert).getByRole('button', { name: 'Grant access again' }));
    expect(apis.calls.request).toEqual([['https://jira.example.com/*', 'https://git.example.com/*']]);
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    await waitFor(() => expect([...apis.scripts.keys()].sort()).toEqual(origins.map(scriptIdForOrigin).sort()));
  });
});

describe('local services and SLA policies', () => {
  it('points at the field that is wrong, then saves a valid configuration', async () => {
    await renderPage();
    const editor = field('Configuration (JSON)');
    type('Configuration (JSON)', JSON.stringify({ policies: [{ id: 'p', name: 'P', calendarId: 'nope', goals: {} }] }));
    fireEvent.click(screen.getByRole('button', { name: 'Save local configuration' }));
    await waitFor(() => expect(describedText(editor)).toMatch(/policies\.0\.calendarId: no calendar with id "nope"/));

    type('Configuration (JSON)', '{ "services": [ }');
    fireEvent.click(screen.getByRole('button', { name: 'Save local configuration' }));
    await waitFor(() => expect(describedText(editor)).toMatch(/\(JSON\): /));

    type('Configuration (JSON)', JSON.stringify(EXAMPLE_CONFIG));
    fireEvent.click(screen.getByRole('button', { name: 'Save local configuration' }));
    await waitFor(async () => expect((await stored())?.local?.services).toHaveLength(EXAMPLE_CONFIG.services.length));
    expect(editor.getAttribute('aria-invalid')).toBeNull();
  });
});

describe('privacy', () => {
  it('saves the three choices and updates the plain-words list', async () => {
    await writeSettings({ ...DEFAULT_SETTINGS, backendUrl: 'https://feedback.example.com' });
    await renderPage();
    expect(screen.getByText(/Your login on the tracker is included/)).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Rate anonymously'));
    fireEvent.click(screen.getByLabelText('Do not send ticket titles'));
    type('Keep local ticket history for (days)', '14');
    const privacy = screen.getByRole('region', { name: 'Privacy' });
    fireEvent.click(within(privacy).getByRole('button', { name: 'Save' }));
    await within(privacy).findByText('Saved.');
    expect(await stored()).toMatchObject({ anonymous: true, sendTitles: false, historyDays: 14 });
    expect(screen.getByText('Your identity is not sent: ratings are anonymous.')).toBeTruthy();
    expect(screen.getByText('Ticket titles are not sent.')).toBeTruthy();
    expect(screen.getByText(/kept in this browser for 14 days/)).toBeTruthy();
  });

  it.each(['0', '2.5', 'ten'])('refuses %j days', async (days) => {
    await renderPage();
    type('Keep local ticket history for (days)', days);
    fireEvent.click(within(screen.getByRole('region', { name: 'Privacy' })).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(describedText(field('Keep local ticket history for (days)'))).toMatch(/whole number of days from 1 to 3650/));
    expect(await stored()).toBeUndefined();
  });
});

describe('import and export', () => {
  const exportFile = async (includeToken: boolean): Promise<string> => {
    let blob: Blob | undefined;
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((object) => {
      blob = object as Blob;
      return 'blob:test';
    });
    if (includeToken) fireEvent.click(screen.getByLabelText('Include the access token in the file'));
    fireEvent.click(screen.getByRole('button', { name: 'Export settings' }));
    create.mockRestore();
    if (!blob) throw new Error('no file was offered');
    return blob.text();
  };
  const importFile = (text: string) => {
    const input = screen.getByLabelText('Import settings from a file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { configurable: true, value: [new File([text], 'settings.json', { type: 'application/json' })] });
    fireEvent.change(input);
  };
  const full: Settings = {
    ...DEFAULT_SETTINGS,
    backendUrl: 'https://feedback.example.com',
    token: 'secret-3',
    anonymous: true,
    historyDays: 30,
    disabledBuiltIns: ['github'],
    trackers: [{ origin: 'https://jira.example.com', type: 'jira' }],
  };

  it('round-trips all settings; the token only when ticked; new origins offer a grant', async () => {
    await writeSettings(full);
    await renderPage();
    const withoutToken = await exportFile(false);
    expect(withoutToken).not.toContain('secret-3');
    const withToken = await exportFile(true);

    await writeSettings(DEFAULT_SETTINGS);
    await waitFor(() => expect(screen.getByText(/Service Feedback works in local-only mode/)).toBeTruthy());
    importFile(withToken);
    await screen.findByText('Settings imported.');
    expect(await readSettings()).toEqual(full);
    // Imported origins this browser has no access to are offered a one-click grant.
    expect((await screen.findByRole('alert')).textContent).toMatch(/https:\/\/jira.example.com/);
  });

  it('refuses a broken file as a whole, naming the field', async () => {
    await writeSettings(full);
    await renderPage();
    importFile(JSON.stringify({ format: 'service-feedback-settings', settings: { ...full, historyDays: 0 } }));
    await screen.findByText(/Nothing was imported: settings\.historyDays: /);
    expect(await readSettings()).toEqual(full);
  });
});

describe('settings from an older version', () => {
  it('shows migrated v0 values and stores them as current', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { serverUrl: 'https://old.example.com', apiToken: 't0', includeTitles: false, trackers: [{ origin: 'https://Jira.Example.com/jira/', type: 'jira' }] } });
    await renderPage();
    await waitFor(() => expect(field('Backend URL').value).toBe('https://old.example.com'));
    expect(field('Access token').value).toBe('t0');
    expect((screen.getByLabelText('Do not send ticket titles') as HTMLInputElement).checked).toBe(true);
    expect(within(within(trackersSection()).getByRole('list', { name: 'Your trackers' })).getByText(/https:\/\/jira.example.com/)).toBeTruthy();
    expect(await stored()).toMatchObject({ version: SETTINGS_VERSION, backendUrl: 'https://old.example.com', token: 't0', sendTitles: false });
  });
});

describe('settings that cannot be used', () => {
  it('are kept aside and named on the page; the rest still applies', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { version: SETTINGS_VERSION, anonymous: true, historyDays: 'forever', trackers: [{ origin: 'nope', type: 'jira' }] } });
    await renderPage();
    const notice = await screen.findByText(/kept aside unchanged/);
    expect(notice.textContent).toMatch(/trackers\.0\.origin: must be an origin.*historyDays: /);
    expect((screen.getByLabelText('Rate anonymously') as HTMLInputElement).checked).toBe(true);
  });
});

describe('language', () => {
  it('follows the browser: Simplified Chinese', async () => {
    setTestLanguage('zh_CN');
    render(<App />);
    expect(await screen.findByRole('heading', { level: 1, name: '服务反馈设置' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '测试连接' })).toBeTruthy();
  });
});
