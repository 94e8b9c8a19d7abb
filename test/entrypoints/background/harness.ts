/**
 * A fresh background for a test: reset fake browser, a new IndexedDB, the example config as the
 * local config, and the real feedback listeners on a fixed clock.
 */
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerFeedbackListeners } from '../../../entrypoints/background/feedback';
import { openFeedbackDb, type FeedbackDb } from '../../../entrypoints/background/storage/db';
import { RemoteConfig } from '../../../utils/contracts/schema';

export const exampleConfig = RemoteConfig.parse(JSON.parse(readFileSync('config/example.json', 'utf8')));

export async function startBackground(now: () => Date): Promise<FeedbackDb> {
  fakeBrowser.reset();
  // fakeBrowser delivers messages with an empty sender; a real browser sets sender.id to ours.
  (fakeBrowser.runtime as { id?: string }).id = undefined;
  globalThis.indexedDB = new IDBFactory();
  const db = await openFeedbackDb();
  await fakeBrowser.storage.local.set({ settings: { local: exampleConfig } });
  registerFeedbackListeners({ openDb: async () => db, now });
  return db;
}
