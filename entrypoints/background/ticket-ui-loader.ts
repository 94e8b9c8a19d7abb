/**
 * `ticket-ui.load { tracker }`: runs that tracker's ticket UI script (entrypoints/ticket-ui-<tracker>.ts:
 * the shared loop and components with one tracker's readers) in the tab and frame of the watcher
 * that asked, in the extension's isolated world where the watcher waits for it. No
 * web-accessible resource is needed: `scripting.executeScript` reads the file from the package,
 * on the host permission the watcher's own script already runs on (built-in hosts, or a custom
 * origin the person granted). Chrome and Firefox MV3 alike.
 */
import { browser } from 'wxt/browser';
import type { Runtime } from 'webextension-polyfill';
import type { TrackerType } from '../../utils/contracts/schema';

/** Where WXT writes `entrypoints/ticket-ui-<tracker>.ts` (unlisted scripts): a fixed file per tracker, never a path from the page. */
export const TICKET_UI_FILES = {
  jira: '/ticket-ui-jira.js',
  github: '/ticket-ui-github.js',
  gitlab: '/ticket-ui-gitlab.js',
  generic: '/ticket-ui-generic.js',
} as const satisfies Record<TrackerType, string>;

export async function loadTicketUi({ tracker }: { tracker: TrackerType }, sender: Runtime.MessageSender): Promise<Record<string, never>> {
  const tabId = sender.tab?.id;
  // Only a content script has a tab; the popup and the options page have nothing to load into.
  if (tabId === undefined || sender.frameId === undefined) throw new Error('ticket-ui.load: only a tracker page can ask');
  // At once, not at document_idle (the default): the watcher asks while the page still parses.
  await browser.scripting.executeScript({ target: { tabId, frameIds: [sender.frameId] }, files: [TICKET_UI_FILES[tracker]], injectImmediately: true });
  return {};
}
