/**
 * Built-in trackers (on/off), the user's own origins with their access right now, the ones the
 * backend pushes (read-only), and the add form. Access can be lost silently (browser updates,
 * the user clearing site access): such rows say so and offer a one-click grant.
 */
import { t } from '../../platform/i18n';
import type { CustomTracker } from '../../utils/contracts/schema';
import type { ManagedKey } from '../../platform/managed-settings';
import { BUILT_IN_TRACKERS, type BuiltInTracker, type Settings } from '../../platform/settings';
import { AddTrackerForm } from './AddTrackerForm';
import { CheckboxField } from './Field';

const BUILT_IN_LABEL_KEYS: Record<BuiltInTracker, string> = {
  'jira-cloud': 'options_builtin_jira_cloud',
  github: 'options_builtin_github',
  gitlab: 'options_builtin_gitlab',
};

const TYPE_LABEL_KEYS: Record<CustomTracker['type'], string> = {
  jira: 'options_type_jira',
  github: 'options_type_github',
  gitlab: 'options_type_gitlab',
  generic: 'options_type_generic',
};

export interface TrackersSectionProps {
  settings: Settings;
  remoteTrackers: readonly CustomTracker[];
  access: ReadonlyMap<string, boolean>;
  prefill?: string;
  onToggleBuiltIn: (tracker: BuiltInTracker, enabled: boolean) => void;
  onAdd: (tracker: CustomTracker) => Promise<string | undefined>;
  onRemove: (origin: string) => void;
  onGrant: (origins: string[]) => void;
  /** Keys the organisation's policy sets: shown read-only. */
  managed?: ReadonlySet<ManagedKey>;
  /** Trackers the organisation's policy sets (already part of `settings.trackers`). */
  organisationTrackers?: readonly CustomTracker[];
}

function AccessBadge({ granted }: { granted: boolean | undefined }) {
  if (granted === undefined) return <span class="sf-badge">{t('options_access_checking')}</span>;
  return <span class={`sf-badge ${granted ? 'sf-badge-ok' : 'sf-badge-warn'}`}>{granted ? t('options_access_granted') : t('options_access_missing')}</span>;
}

function TrackerRow(props: { tracker: CustomTracker; granted: boolean | undefined; readOnly: boolean; source?: string; onRemove?: () => void; onGrant: () => void }) {
  const { tracker } = props;
  const label = tracker.name ? `${tracker.name} — ${tracker.origin}` : tracker.origin;
  return (
    <li class="sf-tracker">
      <span class="sf-tracker-name">{label}</span>
      <span class="sf-tracker-type">
        {t(TYPE_LABEL_KEYS[tracker.type])}
        {tracker.type === 'jira' && tracker.contextPath ? ` (${tracker.contextPath})` : ''}
      </span>
      <AccessBadge granted={props.granted} />
      {props.granted === false ? (
        <button type="button" onClick={props.onGrant} aria-label={t('options_grant_access_for', tracker.origin)}>
          {t('options_grant_access')}
        </button>
      ) : null}
      {props.readOnly ? (
        <span class="sf-hint">{props.source ?? t('options_from_backend')}</span>
      ) : (
        <button type="button" class="sf-danger" onClick={props.onRemove} aria-label={t('options_remove_tracker_for', tracker.origin)}>
          {t('options_remove')}
        </button>
      )}
    </li>
  );
}

export function TrackersSection(props: TrackersSectionProps) {
  const { settings, access } = props;
  const organisation = props.organisationTrackers ?? [];
  const organisationOrigins = new Set(organisation.map((tracker) => tracker.origin));
  const own = settings.trackers.filter((tracker) => !organisationOrigins.has(tracker.origin));
  const ownOrigins = own.map((tracker) => tracker.origin);
  const remoteOnly = props.remoteTrackers.filter((tracker) => !ownOrigins.includes(tracker.origin) && !organisationOrigins.has(tracker.origin));
  // The organisation's sites have their own prompt (OrganisationSites) above the sections.
  const missing = [...own, ...remoteOnly].map((tracker) => tracker.origin).filter((origin) => access.get(origin) === false);
  const builtInsLocked = props.managed?.has('disabledBuiltIns') ?? false;
  return (
    <section aria-labelledby="sf-trackers-heading">
      <h2 id="sf-trackers-heading">{t('options_trackers_heading')}</h2>
      {missing.length > 0 ? (
        <div class="sf-callout sf-warning" role="alert">
          <p>{t('options_access_lost', missing.length, missing.join(', '))}</p>
          <button type="button" onClick={() => props.onGrant(missing)}>
            {t('options_grant_all')}
          </button>
        </div>
      ) : null}

      <h3>{t('options_builtin_heading')}</h3>
      {BUILT_IN_TRACKERS.map((tracker) => (
        <CheckboxField
          key={tracker}
          role="switch"
          name={`builtin-${tracker}`}
          label={t(BUILT_IN_LABEL_KEYS[tracker])}
          checked={!settings.disabledBuiltIns.includes(tracker)}
          onChecked={(enabled) => props.onToggleBuiltIn(tracker, enabled)}
          locked={builtInsLocked}
        />
      ))}

      {organisation.length > 0 ? (
        <>
          <h3>{t('managed_trackers_heading')}</h3>
          <ul class="sf-trackers" aria-label={t('managed_trackers_heading')}>
            {organisation.map((tracker) => (
              <TrackerRow key={tracker.origin} tracker={tracker} granted={access.get(tracker.origin)} readOnly source={t('managed_locked')} onGrant={() => props.onGrant([tracker.origin])} />
            ))}
          </ul>
        </>
      ) : null}

      <h3>{t('options_custom_heading')}</h3>
      {own.length === 0 ? <p class="sf-hint">{t('options_custom_none')}</p> : null}
      <ul class="sf-trackers" aria-label={t('options_custom_heading')}>
        {own.map((tracker) => (
          <TrackerRow key={tracker.origin} tracker={tracker} granted={access.get(tracker.origin)} readOnly={false} onRemove={() => props.onRemove(tracker.origin)} onGrant={() => props.onGrant([tracker.origin])} />
        ))}
      </ul>

      {remoteOnly.length > 0 ? (
        <>
          <h3>{t('options_remote_trackers_heading')}</h3>
          <ul class="sf-trackers" aria-label={t('options_remote_trackers_heading')}>
            {remoteOnly.map((tracker) => (
              <TrackerRow key={tracker.origin} tracker={tracker} granted={access.get(tracker.origin)} readOnly onGrant={() => props.onGrant([tracker.origin])} />
            ))}
          </ul>
        </>
      ) : null}

      <AddTrackerForm prefill={props.prefill} existingOrigins={[...ownOrigins, ...organisationOrigins]} onAdd={props.onAdd} />
    </section>
  );
}
