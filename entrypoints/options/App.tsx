/**
 * The options page. Sections take plain props; this component owns the I/O: settings in
 * storage.local, host permissions, and the runtime content scripts that follow them.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BackendSection } from '../../components/options/BackendSection';
import { DetectionHealthSection } from '../../components/options/DetectionHealthSection';
import { ImportExportSection } from '../../components/options/ImportExportSection';
import { ManagedNotice } from '../../components/options/ManagedNotice';
import { OrganisationSites } from '../../components/OrganisationSites';
import { LocalConfigSection } from '../../components/options/LocalConfigSection';
import { PrivacySection } from '../../components/options/PrivacySection';
import { RemindersSection } from '../../components/options/RemindersSection';
import { SignInSection } from '../../components/options/SignInSection';
import { TrackersSection } from '../../components/options/TrackersSection';
import { t } from '../../platform/i18n';
import { NO_POLICY, onManagedChanged, organisationOrigins, readManaged, type ManagedReading } from '../../platform/managed-settings';
import { accessByOrigin, isBuiltInOrigin, releaseOriginAccess, requestOriginAccess } from '../../platform/permissions';
import type { CustomTracker } from '../../utils/contracts/schema';
import { readCachedRemoteConfig, REMOTE_CONFIG_KEY, type CachedRemoteConfig } from '../../platform/remote-config';
import { onSettingsChanged, readRejectedProblems, readSettings, writeSettings, type FieldProblem, type Settings } from '../../platform/settings';
import { customOrigins, reconcileContentScripts } from '../../platform/tracker-access';

export interface AppProps {
  /** Origin handed over by the toolbar menu, to pre-fill "add a tracker". */
  prefill?: string;
  /** Tests shorten the connection test's timeout. */
  connectionTimeoutMs?: number;
}

const backendOrigin = (settings: Settings) => (settings.backendUrl ? new URL(settings.backendUrl).origin : undefined);

/** Every origin the extension needs access to under these settings. */
function neededOrigins(settings: Settings, remote: CachedRemoteConfig | undefined): string[] {
  const backend = backendOrigin(settings);
  return [...customOrigins(settings, remote?.config.trackers ?? []), ...(backend && !isBuiltInOrigin(backend) ? [backend] : [])];
}

export function App(props: AppProps) {
  const [settings, setSettings] = useState<Settings>();
  const [remote, setRemote] = useState<CachedRemoteConfig>();
  const [access, setAccess] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [notice, setNotice] = useState<{ message: string; tone: 'ok' | 'error' }>();
  const [keptAside, setKeptAside] = useState<FieldProblem[]>([]);
  const [managed, setManaged] = useState<ManagedReading>(NO_POLICY);

  const refreshAccess = async (current?: Settings, cache?: CachedRemoteConfig) => {
    const latest = current ?? (await readSettings());
    const latestRemote = current ? cache : await readCachedRemoteConfig(latest.backendUrl);
    setAccess(await accessByOrigin(neededOrigins(latest, latestRemote)));
  };

  /** After any change of trackers or access: scripts follow, and the page shows access as it is now. */
  const syncAccess = async () => {
    try {
      await reconcileContentScripts();
    } catch (error) {
      setNotice({ message: t('options_scripts_failed', String(error)), tone: 'error' });
    }
    await refreshAccess();
  };

  useEffect(() => {
    let active = true;
    void (async () => {
      const [loaded, policy] = await Promise.all([readSettings(), readManaged()]);
      const cache = await readCachedRemoteConfig(loaded.backendUrl);
      if (!active) return;
      setManaged(policy);
      setSettings(loaded);
      setRemote(cache);
      setKeptAside(await readRejectedProblems());
      await refreshAccess(loaded, cache);
    })();
    const stopSettings = onSettingsChanged((next) => {
      setSettings(next);
      // The cache belongs to one backend: another backend URL voids it.
      void readCachedRemoteConfig(next.backendUrl).then(setRemote);
    });
    // The policy can change while the page is open (an admin pushes a new one): locks follow.
    const stopManaged = onManagedChanged((policy) => {
      setManaged(policy);
      void refreshAccess();
    });
    const onStorage = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && REMOTE_CONFIG_KEY in changes) void readSettings().then((latest) => readCachedRemoteConfig(latest.backendUrl)).then(setRemote);
    };
    // Access can change outside this page (browser's site settings) and be lost silently: look again
    // whenever it changes and whenever the person comes back to the page.
    const onPermissions = () => void refreshAccess();
    const onVisible = () => document.visibilityState === 'visible' && void refreshAccess();
    browser.storage.onChanged.addListener(onStorage);
    browser.permissions.onAdded.addListener(onPermissions);
    browser.permissions.onRemoved.addListener(onPermissions);
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onPermissions);
    return () => {
      active = false;
      stopSettings();
      stopManaged();
      browser.storage.onChanged.removeListener(onStorage);
      browser.permissions.onAdded.removeListener(onPermissions);
      browser.permissions.onRemoved.removeListener(onPermissions);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onPermissions);
    };
  }, []);

  if (!settings) return <p role="status">{t('options_loading')}</p>;

  const save = async (patch: Partial<Settings>): Promise<Settings> => {
    // Merge into what is stored now, not into this page's copy: another tab may have saved since.
    const next = await writeSettings({ ...(await readSettings()), ...patch });
    setSettings(next);
    return next;
  };

  /** Gives up origins nothing needs any more (removed trackers, an old backend). */
  const releaseUnused = async (before: string[], after: Settings) => {
    const stillNeeded = neededOrigins(after, remote);
    for (const origin of before) await releaseOriginAccess(origin, stillNeeded);
  };

  const grant = (origins: string[]) => {
    // First statement of the click handler: the prompt needs the user gesture.
    const request = requestOriginAccess(origins).catch(() => false);
    void request.then(async (granted) => {
      setNotice(granted ? { message: t('options_access_granted_now', origins.join(', ')), tone: 'ok' } : { message: t('options_access_denied', origins.join(', ')), tone: 'error' });
      await syncAccess();
    });
  };

  const addTracker = (tracker: CustomTracker): Promise<string | undefined> => {
    const request = requestOriginAccess([tracker.origin]).catch(() => false);
    return request.then(async (granted) => {
      if (!granted) return t('options_add_denied', tracker.origin);
      const current = await readSettings();
      await save({ trackers: [...current.trackers.filter((existing) => existing.origin !== tracker.origin), tracker] });
      await syncAccess();
      return undefined;
    });
  };

  const removeTracker = async (origin: string) => {
    const current = await readSettings();
    const next = await save({ trackers: current.trackers.filter((tracker) => tracker.origin !== origin) });
    await releaseUnused([origin], next);
    await syncAccess();
    setNotice({ message: t('options_tracker_removed', origin), tone: 'ok' });
  };

  const saveBackend = async (patch: Pick<Settings, 'backendUrl' | 'token'>) => {
    const before = backendOrigin(await readSettings());
    const next = await save({ backendUrl: patch.backendUrl, token: patch.token });
    if (before && before !== backendOrigin(next)) await releaseUnused([before], next);
    await refreshAccess(next, remote);
  };

  const importSettings = async (imported: Settings) => {
    const before = neededOrigins(await readSettings(), remote);
    const next = await writeSettings(imported);
    setSettings(next);
    await releaseUnused(before, next);
    // Origins new to this browser show up as "no access" with a one-click grant.
    await syncAccess();
  };

  const toggleBuiltIn = (tracker: Settings['disabledBuiltIns'][number], enabled: boolean) => {
    const disabled = new Set(settings.disabledBuiltIns);
    if (enabled) disabled.delete(tracker);
    else disabled.add(tracker);
    void save({ disabledBuiltIns: [...disabled] });
  };

  const backend = backendOrigin(settings);
  const organisationMissing = organisationOrigins(managed.values).filter((origin) => access.get(origin) === false);
  return (
    <main class="sf-options">
      <h1>{t('options_title')}</h1>
      <p class={`sf-status sf-status-${notice?.tone ?? 'info'}`} role="status" aria-live="polite">
        {notice?.message ?? ''}
      </p>
      {keptAside.length > 0 ? (
        <p class="sf-callout sf-warning">{t('options_kept_aside', keptAside.map((problem) => t('options_error_field', problem.path, problem.message)).join('; '))}</p>
      ) : null}
      <OrganisationSites missing={organisationMissing} onGrant={() => grant(organisationMissing)} />
      <ManagedNotice managed={managed} />
      <BackendSection
        settings={settings}
        hasAccess={backend ? access.get(backend) : undefined}
        onSave={saveBackend}
        onGrant={grant}
        connectionTimeoutMs={props.connectionTimeoutMs}
        managed={managed.keys}
      >
        <SignInSection backendUrl={settings.backendUrl} />
      </BackendSection>
      <TrackersSection
        settings={settings}
        remoteTrackers={remote?.config.trackers ?? []}
        access={access}
        prefill={props.prefill}
        onToggleBuiltIn={toggleBuiltIn}
        onAdd={addTracker}
        onRemove={(origin) => void removeTracker(origin)}
        onGrant={grant}
        managed={managed.keys}
        organisationTrackers={managed.values.trackers}
      />
      <LocalConfigSection local={settings.local} remoteServices={remote?.config.services ?? []} onSave={async (local) => void (await save({ local }))} />
      <PrivacySection settings={settings} onSave={async (patch) => void (await save(patch))} managed={managed.keys} />
      <RemindersSection />
      <DetectionHealthSection />
      <ImportExportSection settings={settings} onImport={importSettings} />
    </main>
  );
}
