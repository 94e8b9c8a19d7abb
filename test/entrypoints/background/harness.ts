/**
 * A fresh background for a test: reset fake browser, a new IndexedDB, the example config as the
 * local config, and the real feedback listeners on a fixed clock.
 */
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { backgroundSettled } from '../../../entrypoints/background/background-work';
import { registerFeedbackListeners } from '../../../entrypoints/background/feedback';
import { openFeedbackDb, type FeedbackDb } from '../../../entrypoints/background/storage/db';
import { RemoteConfig } from '../../../utils/contracts/schema';
import { installFakeExtensionApis, type FakeExtensionApis } from '../options/fake-extension-apis';

export const exampleConfig = RemoteConfig.parse(JSON.parse(readFileSync('config/example.json', 'utf8')));

/** The permissions stand-in of the last `startBackground` (granted origins, prompt answers). */
export let extensionApis: FakeExtensionApis;

/** `fetchImpl`: what the worker's requests go through (a recorder around the real fetch). */
export async function startBackground(now: () => Date, options: { fetchImpl?: typeof fetch } = {}): Promise<FeedbackDb> {
  fakeBrowser.reset();
  // fakeBrowser has no permissions API; the worker follows grants for the toolbar badge.
  extensionApis = installFakeExtensionApis();
  // fakeBrowser delivers messages with an empty sender; a real browser sets sender.id to ours.
  (fakeBrowser.runtime as { id?: string }).id = undefined;
  globalThis.indexedDB = new IDBFactory();
  const db = await openFeedbackDb();
  await fakeBrowser.storage.local.set({ settings: { local: exampleConfig } });
  registerFeedbackListeners({ openDb: async () => db, now, fetchImpl: options.fetchImpl });
  return db;
}

/**
 * Waits for the work the background started on its own (a flush after a save, a reply sync after
 * a rated ticket.seen) and then closes the database: closed under running work, IndexedDB throws
 * InvalidStateError into the log of whichever test runs next.
 */
export async function stopBackground(db: FeedbackDb): Promise<void> {
  await backgroundSettled();
  db.close();
}
