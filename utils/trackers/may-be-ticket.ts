/**
 * URL-only: can this page be a single ticket? The content script's always-on watcher asks this on
 * every navigation and loads the ticket UI (detection readers, Preact, badge, widget) only when
 * the answer is yes, so code views, lists and boards never pay for it. It imports the trackers'
 * URL predicates only, never their DOM readers. A yes may still be no ticket (the DOM decides);
 * a no is final: `detectTicket` never finds a ticket on such a URL (test/utils/trackers/may-be-ticket.test.ts).
 */
import type { CustomTracker, TrackerType } from '../contracts/schema';
import { keyFromPattern } from './generic/urls';
import { gitHubRefFromUrl } from './github/urls';
import { gitLabRefFromUrl } from './gitlab/urls';
import { jiraKeyFromUrl } from './jira/urls';

const BY_TYPE: Record<Exclude<TrackerType, 'generic'>, (url: URL) => boolean> = {
  jira: (url) => jiraKeyFromUrl(url) !== undefined,
  github: (url) => gitHubRefFromUrl(url) !== undefined,
  gitlab: (url) => gitLabRefFromUrl(url) !== undefined,
};

/** The built-in hosts, as the adapters state them (`isBuiltInHost`). */
const BUILT_IN: Array<[(url: URL) => boolean, Exclude<TrackerType, 'generic'>]> = [
  [(url) => url.protocol === 'https:' && url.hostname.endsWith('.atlassian.net'), 'jira'],
  [(url) => url.protocol === 'https:' && url.hostname === 'github.com', 'github'],
  [(url) => url.protocol === 'https:' && url.hostname === 'gitlab.com', 'gitlab'],
];

export function mayBeTicket(url: URL, trackers: readonly CustomTracker[] = []): boolean {
  // A configured origin wins over the built-in hosts, as in `trackerFor`.
  const tracker = trackers.find((candidate) => candidate.origin === url.origin);
  if (tracker) return tracker.type === 'generic' ? keyFromPattern(tracker.pathPattern, url) !== undefined : BY_TYPE[tracker.type](url);
  const builtIn = BUILT_IN.find(([isHost]) => isHost(url));
  return builtIn ? BY_TYPE[builtIn[1]](url) : false;
}
