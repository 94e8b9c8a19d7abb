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
  /** A reloaded config file: the applied version goes onto it (tokens, people and chat targets come from it). */
  rebase(next: ServerConfig): Promise<void>;
  stop(): void;
}

const FILE_ACTOR = 'config file';

export async function startLiveCatalogue(options: { store: Store; config: ServerConfig; log: Logger; now: () => number; refreshMs?: number }): Promise<LiveCatalogue> {
  const { store, log, now } = options;
  let config = options.config;
  let notifyFromFile = new Map(config.services.map((service) => [service.id, service.notify]));
  let applied: number | null = null;
  let appliedCatalogue: Catalogue | null = null;

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
    appliedCatalogue = check.catalogue;
  };

  const refresh = async () => {
    const latest = await store.latestCatalogue();
    if (latest && latest.version !== applied) apply(latest);
  };

  /**
   * The file's catalogue becomes a new version when it differs from the last version the file
   * gave (not from what admins saved since): editing the file still takes effect, as a version
   * anyone can see and undo, and an unchanged file never undoes an admin's edit.
   */
  const syncFile = async (fileCatalogue: Catalogue) => {
    const fileText = catalogueText(fileCatalogue);
    const versions = await store.catalogueVersions(200);
    const fromFile = versions.find((row) => row.actor === FILE_ACTOR);
    if (fromFile?.body === fileText) return;
    const at = new Date(now()).toISOString();
    const note = versions.length === 0 ? 'seeded from the config file' : 'the config file changed';
    // `conflict`: another instance saved at the same moment; the next start or reload compares again.
    await store.saveCatalogue({ body: fileText, actor: FILE_ACTOR, at, note }, versions[0]?.version ?? null);
  };

  await syncFile(catalogueOf(config));
  await refresh();
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
        appliedCatalogue = catalogue;
      }
      return saved;
    },
    refresh,
    async rebase(next) {
      // The catalogue in force goes onto the new file's config at once; a changed file catalogue follows as a version.
      const fileCatalogue = catalogueOf(next);
      config = next;
      notifyFromFile = new Map(next.services.map((service) => [service.id, service.notify]));
      if (appliedCatalogue) applyCatalogue(next, appliedCatalogue, notifyFromFile);
      await syncFile(fileCatalogue);
      applied = null;
      await refresh();
    },
    stop: () => clearInterval(timer),
  };
}
