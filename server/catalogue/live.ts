/**
 * The running catalogue: seeded from the config file as version 1, replaced when an admin saves
 * a version, and picked up by every instance on the same database within `refreshMs` (or at once
 * on the instance that saved). Stored versions win over the file's catalogue at start.
 */
import type { ServerConfig } from '../config/server-config';
import type { Logger } from '../http/context';
import type { Store } from '../store/store';
import { applyCatalogue, catalogueOf, catalogueText, parseCatalogue, type Catalogue } from './catalogue';

export interface LiveCatalogue {
  /** The version now applied (null only before `start`). */
  version(): number | null;
  current(): Catalogue;
  /** Saves a new version based on `basedOn`, applies it here, and gives its number (or `conflict`). */
  save(catalogue: Catalogue, basedOn: number, who: { actor: string; note: string | null; at: string }): Promise<number | 'conflict'>;
  /** Applies a newer stored version, if another instance saved one. */
  refresh(): Promise<void>;
  stop(): void;
}

export async function startLiveCatalogue(options: { store: Store; config: ServerConfig; log: Logger; now: () => number; refreshMs?: number }): Promise<LiveCatalogue> {
  const { store, config, log, now } = options;
  const notifyFromFile = new Map(config.services.map((service) => [service.id, service.notify]));
  let applied: number | null = null;

  const apply = (row: { version: number; body: string }) => {
    const check = parseCatalogue(row.body);
    if (!check.ok) {
      // A version saved by an older release that this one no longer accepts: keep what runs, say why.
      log({ level: 'error', msg: 'catalogue version not applied', version: row.version, problems: check.problems.slice(0, 5) });
      applied = row.version;
      return;
    }
    applyCatalogue(config, check.catalogue, notifyFromFile);
    applied = row.version;
  };

  const refresh = async () => {
    const latest = await store.latestCatalogue();
    if (latest && latest.version !== applied) apply(latest);
  };

  const latest = await store.latestCatalogue();
  if (latest) apply(latest);
  else {
    const at = new Date(now()).toISOString();
    const saved = await store.saveCatalogue({ body: catalogueText(catalogueOf(config)), actor: 'config file', at, note: 'seeded from the config file' }, null);
    // `conflict`: another instance seeded at the same moment; take its version.
    if (saved === 'conflict') await refresh();
    else applied = saved;
  }

  const timer = setInterval(() => {
    refresh().catch((error: unknown) => log({ level: 'warn', msg: 'catalogue refresh failed', error: String(error) }));
  }, options.refreshMs ?? 5000);
  timer.unref();

  return {
    version: () => applied,
    current: () => catalogueOf(config),
    async save(catalogue, basedOn, who) {
      const saved = await store.saveCatalogue({ body: catalogueText(catalogue), actor: who.actor, at: who.at, note: who.note }, basedOn);
      if (saved !== 'conflict') {
        applyCatalogue(config, catalogue, notifyFromFile);
        applied = saved;
      }
      return saved;
    },
    refresh,
    stop: () => clearInterval(timer),
  };
}
