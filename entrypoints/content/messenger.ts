/**
 * The content script's side of the typed protocol in utils/messages.ts: same verbs, same
 * `{ type, payload }` envelope, same `{ ok, data | error }` replies. It exists because
 * utils/messages.ts validates with classic zod (≈22 KB gzipped on its own), which does not fit
 * the content script's 30 KB budget. The background still validates every request with the
 * full schemas; here the page config reply gets a zod/mini shape check.
 */
import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import type { PageConfig, RequestOf, Verb } from '../../utils/messages';

const Reply = z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: z.string() })]);

/** Trackers were validated by the background against CustomTracker; this checks the shape detection relies on. */
const PageConfigReply = z.object({
  trackers: z.array(z.looseObject({ origin: z.string(), type: z.enum(['jira', 'github', 'gitlab', 'generic']) })),
  selectorOverrides: z.optional(z.record(z.string(), z.record(z.string(), z.array(z.string())))),
  ignoredResponders: z.array(z.string()),
});

async function ask<V extends Verb>(type: V, payload: RequestOf<V>): Promise<unknown> {
  const reply = Reply.safeParse(await browser.runtime.sendMessage({ type, payload }));
  if (!reply.success) throw new Error(`${type}: the background sent no valid reply`);
  if (!reply.data.ok) throw new Error(`${type}: ${reply.data.error}`);
  return reply.data.data;
}

export async function requestPageConfig(origin: string): Promise<PageConfig> {
  const config = PageConfigReply.safeParse(await ask('page.config', { origin }));
  if (!config.success) throw new Error('page.config: invalid reply');
  return config.data as PageConfig;
}

/** Tells the background which ticket is on screen; its answer (service, policy) is not needed here. */
export async function reportTicketSeen(payload: RequestOf<'ticket.seen'>): Promise<void> {
  await ask('ticket.seen', payload);
}
