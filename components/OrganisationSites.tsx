/**
 * "Your organisation set up these sites": one prompt, one button that asks for all of them
 * together. Shown on the options page and in the popup while any is not granted.
 * `onGrant` must call `permissions.request` first thing (the prompt needs the click's gesture).
 */
import { t } from '../platform/i18n';

export interface OrganisationSitesProps {
  /** Origins the policy set up that have no access yet. */
  missing: readonly string[];
  onGrant: () => void;
}

export function OrganisationSites({ missing, onGrant }: OrganisationSitesProps) {
  if (missing.length === 0) return null;
  return (
    <section class="sf-callout sf-warning sf-org-sites" aria-labelledby="sf-org-sites-heading">
      <h2 id="sf-org-sites-heading">{t('managed_sites_heading')}</h2>
      <p>{t('managed_sites_text', missing.length)}</p>
      <ul>
        {missing.map((origin) => (
          <li key={origin}>{origin}</li>
        ))}
      </ul>
      <button type="button" onClick={onGrant}>
        {t('managed_sites_grant')}
      </button>
    </section>
  );
}
