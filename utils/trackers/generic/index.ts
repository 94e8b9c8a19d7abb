/**
 * Rule-based trackers from configuration alone: `pathPattern` (with a `key` group), CSS
 * `selectors` and `resolvedStatuses`. Never built in: a generic tracker exists only when configured.
 */
import { queryFirst } from '../dom';
import type { TrackerAdapter } from '../types';
import { isGenericTicketUrl } from './urls';
import { readGenericPage } from './read';
import { enrichRedmineTicket } from './redmine-rest';
import { enrichZentaoTicket } from './zentao-rest';
import { selectorsFrom, unconfiguredSelectors, type GenericSelectorName } from './selectors';

export const genericAdapter: TrackerAdapter<GenericSelectorName> = {
  type: 'generic',
  isBuiltInHost: () => false,
  isTicketUrl: isGenericTicketUrl,
  selectors: unconfiguredSelectors,
  selectorsFrom,
  read: readGenericPage,
  findMountAnchor: (_ticket, doc, selectors) => queryFirst(doc, selectors?.statusAnchor),
  // Only the presets speak a known API; a hand-configured tracker is read from its page alone.
  enrich: async (ticket, fetchImpl, ignoredResponders, tracker) => {
    const preset = tracker?.type === 'generic' ? tracker.preset : undefined;
    if (preset === 'redmine') return enrichRedmineTicket(ticket, fetchImpl, ignoredResponders);
    if (preset === 'zentao') return enrichZentaoTicket(ticket, fetchImpl, ignoredResponders);
    return ticket;
  },
};
