/**
 * The delivery loop: every `pollMs` it leases due deliveries into free slots (at most `batch` in
 * flight), sends them in parallel and records each outcome. Leases outlive the request timeout,
 * so a server killed mid-delivery leaves rows that any instance picks up again once the lease has
 * expired.
 */
import { randomUUID } from 'node:crypto';
import { loadCatalog } from '../../utils/i18n/catalog';
import type { ServerConfig } from '../config/server-config';
import type { Logger } from '../http/context';
import { createTranslator } from '../report/page';
import type { DeliveryRow } from '../store/notify';
import type { Store } from '../store/store';
import { redactUrl, targetKey } from './config';
import { attempt, buildRequest, DEFAULT_RETRY, type RetryPolicy } from './deliver';
import type { EventEnvelope } from './messages';

export interface DeliveryLoopOptions {
  store: Store;
  config: ServerConfig;
  /** `publicUrl` or the server's own URL: the inbox link's base. */
  baseUrl: string;
  projectRoot: string;
  log?: Logger;
  now?: () => number;
  pollMs?: number;
  timeoutMs?: number;
  leaseMs?: number;
  batch?: number;
  retry?: Partial<RetryPolicy>;
}

export function inboxLink(baseUrl: string, ratingId: string): string {
  return `${baseUrl}/inbox?rating=${encodeURIComponent(ratingId)}`;
}

export function envelopeOf(row: DeliveryRow, serviceName: string, baseUrl: string): EventEnvelope {
  const { rating, digest } = JSON.parse(row.payload) as Pick<EventEnvelope, 'rating' | 'digest'>;
  const base = { id: row.eventId, type: row.eventType, createdAt: new Date(row.eventCreatedAt).toISOString(), service: { id: row.serviceId, name: serviceName } };
  if (digest) {
    const lowestComments = digest.lowestComments.map((entry) => ({ ...entry, inbox: inboxLink(baseUrl, entry.ratingId) }));
    return { ...base, digest: { ...digest, lowestComments }, links: { inbox: `${baseUrl}/inbox?service=${encodeURIComponent(row.serviceId)}` } };
  }
  return { ...base, rating, links: { ticket: rating!.ticketUrl, inbox: inboxLink(baseUrl, rating!.id) } };
}

export function startDeliveryLoop(options: DeliveryLoopOptions) {
  const { store } = options;
  let baseUrl = options.baseUrl;
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now;
  const policy = { ...DEFAULT_RETRY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? Math.max(60_000, timeoutMs * 3);
  const owner = randomUUID();
  const translators = {
    en: createTranslator(loadCatalog(options.projectRoot, 'en')),
    zh_CN: createTranslator(loadCatalog(options.projectRoot, 'zh_CN')),
  };
  const targetsOf = (services: ServerConfig['services']) =>
    new Map(services.flatMap((service) => service.notify.map((target) => [`${service.id}/${targetKey(target)}`, { service, target }] as const)));
  // Rebuilt when a reload hands in a new configuration or a catalogue version replaces `config.services`.
  let current = options.config;
  let seen = current.services;
  let targets = targetsOf(seen);
  const stopping = new AbortController();

  const deliver = async (row: DeliveryRow) => {
    if (current.services !== seen) {
      seen = current.services;
      targets = targetsOf(seen);
    }
    const found = targets.get(`${row.serviceId}/${row.targetKey}`);
    if (!found) {
      await store.settleDelivery(row.id, owner, { state: 'failed', status: null, error: 'target: no longer in the configuration' });
      return;
    }
    const { service, target } = found;
    const request = buildRequest(target, envelopeOf(row, service.name, baseUrl), translators[service.language], service.language, now());
    const outcome = await attempt(request, { attempts: row.attempts, eventCreatedAt: row.eventCreatedAt, now, policy, timeoutMs, signal: stopping.signal });
    // Stopping is not the receiver's fault: the row goes back, due at once, for the next start.
    const settled = stopping.signal.aborted && outcome.state !== 'delivered' ? { state: 'pending' as const, nextAttemptAt: now(), status: null, error: 'stopped' } : outcome;
    await store.settleDelivery(row.id, owner, settled);
    if (settled.state !== 'delivered') {
      log({ level: 'warn', msg: 'delivery not done', delivery: row.id, event: row.eventId, type: target.type, host: redactUrl(target.url), state: settled.state, error: settled.error });
    }
  };

  // Up to `batch` requests in flight; each poll tops the slots up, so one slow or hanging
  // receiver holds only its own slots and never stalls the deliveries queued behind it.
  const slots = options.batch ?? 20;
  const inFlight = new Set<Promise<void>>();
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      while (!stopping.signal.aborted && inFlight.size < slots) {
        const rows = await store.claimDeliveries(owner, now(), leaseMs, slots - inFlight.size);
        if (rows.length === 0) break;
        for (const row of rows) {
          const sending: Promise<void> = deliver(row)
            .catch((error) => log({ level: 'error', msg: 'delivery crashed', delivery: row.id, error: String(error) }))
            .finally(() => inFlight.delete(sending));
          inFlight.add(sending);
        }
      }
    } catch (error) {
      if (!stopping.signal.aborted) log({ level: 'error', msg: 'delivery loop failed', error: String(error) });
    }
    if (!stopping.signal.aborted) timer = setTimeout(() => (running = tick()), options.pollMs ?? 250);
  };
  running = tick();

  return {
    /** A reloaded configuration: rows due from now on go to its targets (in-flight ones finish as they are). */
    update(config: ServerConfig, newBaseUrl: string): void {
      current = config;
      seen = config.services;
      targets = targetsOf(seen);
      baseUrl = newBaseUrl;
    },
    /** Aborts in-flight requests (their rows go back to the queue) and waits for the loop to end. */
    async stop(): Promise<void> {
      stopping.abort();
      clearTimeout(timer);
      await running;
      await Promise.all(inFlight);
    },
  };
}
