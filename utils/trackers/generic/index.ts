/**
 * Rule-based trackers from configuration alone: `pathPattern` (with a `key` group), CSS
 * `selectors` and `resolvedStatuses`. Never built in: a generic tracker exists only when configured.
 */
import { queryFirst } from '../dom';
import type { TrackerAdapter } from '../types';
import { readGenericPage } from './read';
import { selectorsFrom, unconfiguredSelectors, type GenericSelectorName } from './selectors';

export const genericAdapter: TrackerAdapter<GenericSelectorName> = {
  type: 'generic',
  isBuiltInHost: () => false,
  selectors: unconfiguredSelectors,
  selectorsFrom,
  read: readGenericPage,
  findMountAnchor: (_ticket, doc, selectors) => queryFirst(doc, selectors?.statusAnchor),
};
