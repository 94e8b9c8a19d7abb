/** Reads a page by a generic tracker's rules: `pathPattern` for the key, CSS selectors for the facts. */
import { queryFirst, readDate, readText } from '../dom';
import type { PageContext, TicketDraft } from '../types';
import type { GenericSelectorName } from './selectors';
import { keyFromPattern } from './urls';

export function readGenericPage({ url, doc, tracker, selectors }: PageContext<GenericSelectorName>): TicketDraft | null {
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
