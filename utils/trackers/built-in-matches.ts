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

/**
 * The built-in hosts' ticket URLs (as match patterns, a little wider than the adapters'
 * predicates) where the manifest runs that tracker's ticket UI itself, right after the watcher at
 * `document_start`: a full load then waits for no `ticket-ui.load` round trip, only for
 * `page.config` (issue 11). Elsewhere, and after SPA navigation, the worker injects it.
 */
export const STATIC_TICKET_UI: Record<'jira' | 'github' | 'gitlab', string[]> = {
  jira: ['https://*.atlassian.net/browse/*'],
  github: ['https://github.com/*/*/issues/*', 'https://github.com/*/*/pull/*'],
  gitlab: ['https://gitlab.com/*/-/issues/*', 'https://gitlab.com/*/-/merge_requests/*', 'https://gitlab.com/*/-/work_items/*'],
};
