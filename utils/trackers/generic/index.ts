/**
 * Rule-based trackers from configuration alone: `pathPattern` (with a `key` group), CSS
 * `selectors` and `resolvedStatuses`. Never built in: a generic tracker exists only when configured.
 */
import type { CustomTracker } from '../../schema';
import { queryFirst, readDate, readText, type SelectorChains } from '../dom';
import type { PageContext, TicketDraft, TrackerAdapter } from '../types';
import { keyFromPattern } from './urls';

type GenericSelectorName = 'title' | 'status' | 'priority' | 'reporter' | 'assignee' | 'createdAt' | 'resolvedAt' | 'viewer' | 'statusAnchor';

/** The configured CSS selectors as one-entry chains, so overrides and readers work as for built-ins. */
function selectorsFrom(tracker: CustomTracker): SelectorChains<GenericSelectorName> {
  const rules = tracker.type === 'generic' ? tracker.selectors : { title: '', status: '' };
  const chain = (selector: string | undefined) => (selector ? [selector] : []);
  return {
    title: chain(rules.title),
    status: chain(rules.status),
    priority: chain(rules.priority),
    reporter: chain(rules.reporter),
    assignee: chain(rules.assignee),
    createdAt: chain(rules.createdAt),
    resolvedAt: chain(rules.resolvedAt),
    viewer: chain(rules.viewer),
    statusAnchor: chain(rules.status),
  };
}

function readGenericPage({ url, doc, tracker, selectors }: PageContext<GenericSelectorName>): TicketDraft | null {
  if (tracker?.type !== 'generic') return null;
  const key = keyFromPattern(tracker.pathPattern, url);
  if (!key) return null;
  const title = readText(doc, selectors.title);
  const status = readText(doc, selectors.status);
  if (!title && !status) return null;

  const resolved = status !== undefined && tracker.resolvedStatuses.some((done) => done.trim().toLowerCase() === status.toLowerCase());
  const canonical = new URL(url.href);
  canonical.hash = '';
  return {
    tracker: 'generic',
    origin: url.origin,
    key,
    kind: 'issue',
    url: canonical.href,
    title,
    status,
    priority: readText(doc, selectors.priority),
    reporter: readText(doc, selectors.reporter),
    assignee: readText(doc, selectors.assignee),
    resolved,
    createdAt: readDate(queryFirst(doc, selectors.createdAt)),
    resolvedAt: resolved ? readDate(queryFirst(doc, selectors.resolvedAt)) : undefined,
    viewer: readText(doc, selectors.viewer),
  };
}

export const genericAdapter: TrackerAdapter<GenericSelectorName> = {
  type: 'generic',
  isBuiltInHost: () => false,
  selectors: selectorsFrom({ origin: 'https://unconfigured.invalid', type: 'generic', pathPattern: '(?<key>)', selectors: { title: '', status: '' }, resolvedStatuses: [] }),
  selectorsFrom,
  read: readGenericPage,
  findMountAnchor: (_ticket, doc, selectors) => queryFirst(doc, selectors?.statusAnchor),
};
