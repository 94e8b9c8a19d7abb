/**
 * Loads the saved-page fixtures: `test/fixtures/<tracker>/<name>.html` with `<name>.expected.json`
 * = `{ url, options?, expected }` where `expected` is the Ticket (or `null` for a non-ticket page).
 * A generic tracker in `options.trackers` may name only a `preset`; its rules come from GENERIC_PRESETS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CustomTracker, TrackerType, type Ticket } from '../../../utils/contracts/schema';
import { GENERIC_PRESETS, type DetectOptions } from '../../../utils/trackers';

export const FIXTURES_DIR = join(process.cwd(), 'test', 'fixtures');

export interface FixturePage {
  tracker: TrackerType;
  name: string;
  html: string;
  url: URL;
  options: DetectOptions;
  expected: Ticket | null;
}

function withPreset(raw: Record<string, unknown>): CustomTracker {
  const preset = raw.type === 'generic' && typeof raw.preset === 'string' ? GENERIC_PRESETS[raw.preset as keyof typeof GENERIC_PRESETS] : undefined;
  return CustomTracker.parse({ ...preset, ...raw });
}

/**
 * `"local:2026-11-24T09:15:00"` in an expected ticket is a zone-less time the page prints (Redmine's
 * author title, ZenTao's cells): it is read in the browser's zone, so the test turns it into the
 * instant that local time is where the test runs.
 */
function withLocalTimes<T>(value: T): T {
  if (typeof value === 'string' && value.startsWith('local:')) return new Date(value.slice(6)).toISOString() as T;
  if (Array.isArray(value)) return value.map(withLocalTimes) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withLocalTimes(item)])) as T;
  return value;
}

export function loadFixtures(): FixturePage[] {
  return TrackerType.options.flatMap((tracker) => {
    const dir = join(FIXTURES_DIR, tracker);
    const names = readdirSync(dir)
      .filter((file) => file.endsWith('.html'))
      .map((file) => file.replace(/\.html$/, ''))
      .sort();
    return names.map((name) => {
      const spec = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as {
        url: string;
        options?: { trackers?: Array<Record<string, unknown>> } & Omit<DetectOptions, 'trackers'>;
        expected: Ticket | null;
      };
      return {
        tracker,
        name,
        html: readFileSync(join(dir, `${name}.html`), 'utf8'),
        url: new URL(spec.url),
        options: { ...spec.options, trackers: spec.options?.trackers?.map(withPreset) },
        expected: withLocalTimes(spec.expected),
      };
    });
  });
}

export function parsePage(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}
