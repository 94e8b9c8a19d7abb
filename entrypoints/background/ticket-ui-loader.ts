/**
 * `ticket-ui.load`: runs the ticket UI's script (entrypoints/ticket-ui/) in the tab and frame of
 * the watcher that asked, in the extension's isolated world where the watcher waits for it. No
 * web-accessible resource is needed: `scripting.executeScript` reads the file from the package,
 * on the host permission the watcher's own script already runs on (built-in hosts, or a custom
 * origin the person granted). Chrome and Firefox MV3 alike.
 */
import { browser } from 'wxt/browser';
import type { Runtime } from 'webextension-polyfill';

/** Where WXT writes `entrypoints/ticket-ui/index.ts` (an unlisted script). */
export const TICKET_UI_FILE = '/ticket-ui.js';

export async function loadTicketUi(sender: Runtime.MessageSender): Promise<Record<string, never>> {
  const tabId = sender.tab?.id;
  // Only a content script has a tab; the popup and the options page have nothing to load into.
  if (tabId === undefined || sender.frameId === undefined) throw new Error('ticket-ui.load: only a tracker page can ask');
  await browser.scripting.executeScript({ target: { tabId, frameIds: [sender.frameId] }, files: [TICKET_UI_FILE] });
  return {};
}
