/**
 * URL-only: can this page be a single ticket, and of which tracker? The content script's
 * always-on watcher asks this on every navigation and loads the ticket UI of that tracker
 * (detection readers, Preact, badge, widget) only when there is an answer, so code views, lists
 * and boards never pay for it. It imports the trackers' URL predicates only, never their DOM
 * readers. A yes may still be no ticket (the DOM decides); a no is final: `detectTicket` never
 * finds a ticket on such a URL (test/utils/trackers/may-be-ticket.test.ts).
 */
import type { CustomTracker, TrackerType } from '../contracts/schema';
import { isGenericTicketUrl } from './generic/urls';
import { isGitHubTicketUrl } from './github/urls';
import { isGitLabTicketUrl } from './gitlab/urls';
import { isJiraTicketUrl } from './jira/urls';

/** Each tracker's URL question, as its adapter states it too (`TrackerAdapter.isTicketUrl`). */
const BY_TYPE: Record<TrackerType, (url: URL, tracker?: CustomTracker) => boolean> = {
  jira: isJiraTicketUrl,
  github: isGitHubTicketUrl,
  gitlab: isGitLabTicketUrl,
  generic: isGenericTicketUrl,
};

/** The built-in hosts, as the adapters state them (`isBuiltInHost`). */
const BUILT_IN: Array<[(url: URL) => boolean, Exclude<TrackerType, 'generic'>]> = [
  [(url) => url.protocol === 'https:' && url.hostname.endsWith('.atlassian.net'), 'jira'],
  [(url) => url.protocol === 'https:' && url.hostname === 'github.com', 'github'],
  [(url) => url.protocol === 'https:' && url.hostname === 'gitlab.com', 'gitlab'],
];

/** The built-in tracker whose host this is (gitlab.com, github.com, *.atlassian.net), if any. */
export const builtInTrackerAt = (url: URL): TrackerType | undefined => BUILT_IN.find(([isHost]) => isHost(url))?.[1];

/** The tracker whose ticket this URL can be (the ticket UI to load for it), or undefined: no ticket here. */
export function ticketTrackerFor(url: URL, trackers: readonly CustomTracker[] = []): TrackerType | undefined {
  // A configured origin wins over the built-in hosts, as in `trackerFor`.
  const tracker = trackers.find((candidate) => candidate.origin === url.origin);
  const type = tracker?.type ?? builtInTrackerAt(url);
  return type && BY_TYPE[type](url, tracker) ? type : undefined;
}

export function mayBeTicket(url: URL, trackers: readonly CustomTracker[] = []): boolean {
  return ticketTrackerFor(url, trackers) !== undefined;
}
