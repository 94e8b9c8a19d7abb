/**
 * The Catalogue page's detection-health table: per day and tracker, how many pages extensions
 * found without status or title, and which selector chains found nothing — what an admin fixes
 * with `selectorOverrides` in the editor beside it. Every value goes through the escaping `html`.
 */
import type { ServerConfig } from '../config/server-config';
import { html, type SafeHtml, type Translate } from '../report/page';
import type { DetectionHealthTotal } from '../store/detection-health';
import type { Store } from '../store/store';

/** Days the page shows. */
export const HEALTH_VIEW_DAYS = 14;

export interface DetectionHealthView {
  collecting: boolean;
  totals: readonly DetectionHealthTotal[];
}

const chainList = (chains: Record<string, number>) =>
  Object.entries(chains)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([chain, pages]) => html`<code>${chain}</code> (${String(pages)})`);

export function detectionHealthSection(t: Translate, view: DetectionHealthView): SafeHtml {
  const rows = view.totals.map(
    (row) => html`<tr><td><time datetime="${row.day}">${row.day}</time></td><td>${t(`options_health_tracker_${row.tracker}`)}</td><td>${String(row.statusPages)}</td><td>${String(row.titlePages)}</td>
<td>${chainList(row.emptyChains).map((item, index) => (index === 0 ? item : html`, ${item}`))}</td><td>${String(row.installs)}</td><td>${row.versions.join(', ')}</td></tr>`,
  );
  const table = rows.length
    ? html`<table><caption class="muted">${t('catalogue_health_intro')}</caption><thead><tr><th scope="col">${t('catalogue_health_day')}</th><th scope="col">${t('catalogue_health_tracker')}</th><th scope="col">${t('catalogue_health_status')}</th><th scope="col">${t('catalogue_health_title')}</th><th scope="col">${t('catalogue_health_chains')}</th><th scope="col">${t('catalogue_health_installs')}</th><th scope="col">${t('catalogue_health_versions')}</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : html`<p class="muted">${t('catalogue_health_none')}</p>`;
  return html`<section aria-labelledby="health-heading"><h2 id="health-heading">${t('catalogue_health_heading')}</h2>
${view.collecting ? '' : html`<p class="muted">${t('catalogue_health_off')}</p>`}${table}</section>`;
}

/** The last HEALTH_VIEW_DAYS days (UTC) of counts, and whether this server collects them. */
export async function detectionHealthView(store: Store, config: Pick<ServerConfig, 'collectDetectionHealth'>, nowMs: number): Promise<DetectionHealthView> {
  const since = new Date(nowMs - (HEALTH_VIEW_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  return { collecting: config.collectDetectionHealth, totals: await store.detectionHealth(since) };
}
