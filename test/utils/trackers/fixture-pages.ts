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
        expected: spec.expected,
      };
    });
  });
}

export function parsePage(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}
