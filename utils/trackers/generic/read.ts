/** Reads a page by a generic tracker's rules: `pathPattern` for the key, CSS selectors for the facts. */
import { queryFirst, readDate, readText } from '../dom';
import type { PageContext, TicketDraft } from '../types';
import type { GenericSelectorName } from './selectors';
import { keyFromPattern } from './urls';

/** Trackers print `-` (Redmine) or `—` for an empty person field: nobody, not a person named "-". */
const person = (text: string | undefined) => (text && !/^[-–—]$/.test(text) ? text : undefined);

export function readGenericPage({ url, doc, tracker, selectors }: PageContext<GenericSelectorName>): TicketDraft | null {
  if (tracker?.type !== 'generic') return null;
  const key = keyFromPattern(tracker.pathPattern, url);
  if (!key) return null;
  const title = readText(doc, selectors.title);
  const status = readText(doc, selectors.status);
  if (!title && !status) return null;

  const resolved =
    (status !== undefined && tracker.resolvedStatuses.some((done) => done.trim().toLowerCase() === status.toLowerCase())) ||
    queryFirst(doc, selectors.resolved) !== null;
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
    reporter: person(readText(doc, selectors.reporter)),
    assignee: person(readText(doc, selectors.assignee)),
    resolved,
    createdAt: readDate(queryFirst(doc, selectors.createdAt)),
    resolvedAt: resolved ? readDate(queryFirst(doc, selectors.resolvedAt)) : undefined,
    // Redmine's account menu prints `@login`.
    viewer: readText(doc, selectors.viewer)?.replace(/^@/, ''),
  };
}
