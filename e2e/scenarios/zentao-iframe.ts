/**
 * Scenario 9: a rule-based tracker whose tickets live in a same-origin frame — newer ZenTao,
 * whose shell page shows the bug inside `iframe#appIframe-qa`. Added on the options page as
 * "Other (rules)" from the ZenTao preset: its script is registered for all frames, the frame's
 * bug gets one host right after its status, the background records the ticket read in the frame,
 * and the shell page (no ticket URL) gets nothing.
 *
 * The example config's IT Help Desk takes rule-based trackers (`tracker: "generic"`), so the bug
 * also gets its SLA pill inside the frame.
 */
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import type { ExtensionBrowser } from '../harness/browser';
import { addTracker, configureBackend } from '../harness/options-page';
import type { Scenario } from '../harness/scenario';
import { mountedHosts, waitForSingleHost } from '../harness/ticket-ui';
import { sleep, waitFor } from '../harness/wait';
import { daysAgo } from '../pages/html';
import { ZENTAO_APP_FRAME, ZENTAO_STATUS_TEXT, zentaoBugJson, zentaoBugPage, zentaoBugPath, zentaoShellPage, type ZentaoBug } from '../pages/zentao';

const HOST = 'pm.internal.example';
const ORIGIN = `https://${HOST}`;
const SHELL_PATH = '/zentao/';

interface RegisteredScript {
  id: string;
  matches?: string[];
  allFrames?: boolean;
}

async function registeredScripts(browser: ExtensionBrowser): Promise<RegisteredScript[]> {
  const worker = await browser.worker();
  return worker.evaluate(() => (globalThis as any).chrome.scripting.getRegisteredContentScripts() as Promise<RegisteredScript[]>);
}

/**
 * The ticket the background stored for `url` (IndexedDB `service-feedback`, store `tickets`).
 * Never creates the database: an open that would have to create it is aborted.
 */
async function storedTicket(browser: ExtensionBrowser, url: string): Promise<Record<string, unknown> | undefined> {
  const worker = await browser.worker();
  return worker.evaluate(
    (ticketUrl) =>
      new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const opening = indexedDB.open('service-feedback');
        opening.onupgradeneeded = () => opening.transaction?.abort();
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const reading = db.transaction('tickets').objectStore('tickets').get(ticketUrl);
          reading.onsuccess = () => resolve((reading.result as { ticket?: Record<string, unknown> } | undefined)?.ticket);
          reading.onerror = () => reject(reading.error);
          reading.transaction!.oncomplete = () => db.close();
        };
      }),
    url,
  );
}

/** The frame the shell loaded the bug into (a new Frame after every reload). */
function appFrame(page: Page, bugPath: string): Promise<Frame> {
  return waitFor(() => page.frames().find((frame) => frame.url() === `${ORIGIN}${bugPath}`), { what: `the ${ZENTAO_APP_FRAME} frame showing ${bugPath}` });
}

/**
 * ticket-ui's readers only call `evaluate`/`locator`, which a Frame has with the same
 * signatures as a Page; they are typed for pages because every other tracker shows its ticket there.
 */
const asPage = (frame: Frame) => frame as unknown as Page;

export const zentaoIframe: Scenario = {
  name: '9 ZenTao custom origin: ticket inside an iframe gets the badge; top frame left alone',
  async run(e2e) {
    const bug: ZentaoBug = { id: 7, title: '打印机队列卡住', status: 'active', priority: 2, assignedTo: '李十', openedBy: '孙九', openedAt: daysAgo(1) };
    const bugPath = zentaoBugPath(bug);
    e2e.pages.page(HOST, bugPath, zentaoBugPage(bug));
    e2e.pages.page(HOST, bugPath.replace(/\.html$/, '.json'), zentaoBugJson(bug));
    e2e.pages.page(HOST, SHELL_PATH, zentaoShellPage({ appPath: bugPath, viewer: '孙九' }));
    const bugUrl = `${ORIGIN}${bugPath}`;

    const backend = await e2e.backend();
    const browser = await e2e.launch();
    await configureBackend(browser, e2e.message, backend);

    const page = await browser.context.newPage();
    await page.goto(`${ORIGIN}${SHELL_PATH}`);
    await sleep(500);
    assert.deepEqual(await mountedHosts(asPage(await appFrame(page, bugPath))), [], 'an origin nobody added is left alone');

    await addTracker(browser, e2e.message, { origin: ORIGIN, type: 'generic', preset: 'zentao' });
    const scripts = await waitFor(
      async () => {
        const registered = await registeredScripts(browser);
        return registered.some((script) => script.matches?.includes(`${ORIGIN}/*`)) ? registered : undefined;
      },
      { what: `a registered content script for ${ORIGIN}` },
    );
    assert.deepEqual(
      scripts.map(({ matches, allFrames }) => ({ matches, allFrames })),
      [{ matches: [`${ORIGIN}/*`], allFrames: true }],
      'one dynamic script, for that origin, running in its frames too',
    );

    await page.reload();
    const frame = await appFrame(page, bugPath);
    const host = await waitForSingleHost(asPage(frame), String(bug.id));
    assert.match(host.previous, /\bstatus-bug\b/, 'the host sits right after the status element');
    await frame.locator('[data-service-feedback][data-sf-key] .sf-sla-pill').waitFor();

    // The assignee is only in the bug's JSON view: the recorded ticket has it once enrichment answered.
    const ticket = await waitFor(async () => {
      const stored = await storedTicket(browser, bugUrl);
      return stored?.assignee ? stored : undefined;
    }, { what: `the background to record ${bugUrl}, enriched from its JSON view` });
    assert.deepEqual(
      { tracker: ticket.tracker, origin: ticket.origin, key: ticket.key, title: ticket.title, status: ticket.status, priority: ticket.priority, assignee: ticket.assignee, resolved: ticket.resolved },
      { tracker: 'generic', origin: ORIGIN, key: '7', title: bug.title, status: ZENTAO_STATUS_TEXT.active, priority: '2', assignee: '李十', resolved: false },
      'the ticket as read inside the frame by the ZenTao preset',
    );

    assert.deepEqual(await mountedHosts(page), [], 'the shell page (no ticket URL) gets no host');
  },
};
