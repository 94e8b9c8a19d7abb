/**
 * Built-in trackers are matched statically; every other origin is an optional host permission
 * the user grants from the options page (least privilege).
 */
export const BUILT_IN_MATCHES = ['https://*.atlassian.net/*', 'https://github.com/*', 'https://gitlab.com/*'];

/** The built-in trackers, as the options page names their on/off switches. */
export const BUILT_IN_TRACKERS = ['jira-cloud', 'github', 'gitlab'] as const;
export type BuiltInTracker = (typeof BUILT_IN_TRACKERS)[number];

/**
 * Which hosts each built-in tracker owns, kept in step with BUILT_IN_MATCHES; the worker's on/off
 * switch and the permission code ask here. The tracker adapters state the same predicates inline
 * (test/entrypoints/background/handlers.test.ts holds them equal) because importing this table costs the
 * content script bytes it does not have.
 */
export const BUILT_IN_HOSTS: Record<BuiltInTracker, (url: URL) => boolean> = {
  'jira-cloud': (url) => url.protocol === 'https:' && url.hostname.endsWith('.atlassian.net'),
  github: (url) => url.protocol === 'https:' && url.hostname === 'github.com',
  gitlab: (url) => url.protocol === 'https:' && url.hostname === 'gitlab.com',
};

export const isBuiltInHost = (url: URL): boolean => BUILT_IN_TRACKERS.some((name) => BUILT_IN_HOSTS[name](url));

/**
 * When the watcher runs, on built-in and on granted origins alike: at `document_start`, so that
 * `page.config` and the ticket UI's injection travel while the page parses, and the loop starts
 * at DOMContentLoaded (entrypoints/content/watch.ts). At `document_idle` (and even
 * `document_end`) Chromium ran it only after the page's first layout: on a 500-item issue
 * 80–90 ms after the DOM was parsed, a wait every full load's badge paid (issue 11).
 */
export const WATCHER_RUN_AT = 'document_start';
