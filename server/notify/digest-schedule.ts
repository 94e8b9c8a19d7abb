/**
 * Queues each service's weekly digest once it is due (Monday 09:00 in the service's calendar time
 * zone). Every instance runs this; the event's unique dedupe key (`digest:<service>:<weekOf>`)
 * lets exactly one of them queue it. A server that was down on Monday sends the digest when it
 * starts again, any time that week; older missed weeks are left to `POST /v1/admin/digests`.
 */
import type { ServerConfig } from '../config/server-config';
import type { Logger } from '../http/context';
import type { Store } from '../store/store';
import { digestTargets, dueWeek, queueDigest, serviceTimeZone } from './digest';

export interface DigestScheduleOptions {
  store: Store;
  config: ServerConfig;
  log?: Logger;
  now?: () => number;
  /** How often to look (default every minute; the first look is at start). */
  everyMs?: number;
  /** `false`: this instance leaves the schedule to the others (and tests to the admin route). */
  enabled?: boolean;
}

export function startDigestSchedule(options: DigestScheduleOptions) {
  const { store } = options;
  let config = options.config;
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now;
  // Weeks this instance has seen queued (by itself or another): no need to build them again.
  const settled = new Set<string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const look = async () => {
    for (const service of config.services) {
      if (stopped) return;
      if (digestTargets(service).length === 0) continue;
      const week = dueWeek(now(), serviceTimeZone(config, service));
      const key = `${service.id}:${week.weekOf}`;
      if (settled.has(key)) continue;
      try {
        const eventId = await queueDigest(store, config, service, week, now());
        settled.add(key);
        if (eventId) log({ level: 'info', msg: 'weekly digest queued', service: service.id, weekOf: week.weekOf, event: eventId });
      } catch (error) {
        log({ level: 'error', msg: 'weekly digest failed', service: service.id, weekOf: week.weekOf, error: String(error) });
      }
    }
  };
  let running = Promise.resolve();
  const tick = () => {
    running = look().finally(() => {
      if (!stopped) timer = setTimeout(tick, options.everyMs ?? 60_000);
    });
  };
  if (options.enabled !== false) tick();

  return {
    /** A reloaded configuration: the next look uses its services, targets and zones. */
    update(next: ServerConfig): void {
      config = next;
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
