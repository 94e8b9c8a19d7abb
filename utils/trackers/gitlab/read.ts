/** GitLab DOM readers for issues, work items and merge requests. */
import { latestEntryTime, queryAll, queryFirst, readDate, readText, readTexts, textOf, type SelectorChains } from '../dom';
import { firstResponseOnTimeline, type CommentFact } from '../people';
import type { PageContext, TicketDraft } from '../types';
import type { GitLabSelectorName } from './selectors';
import { gitLabRefFromUrl } from './urls';

type Chains = SelectorChains<GitLabSelectorName>;

const SHOW_PAGES = /^(projects|groups):(issues|merge_requests|work_items):show$/;

/** A user link: `data-username` is the login; the text is a display name. */
function readUsername(element: Element | null): string | undefined {
  return element?.getAttribute('data-username')?.trim() || textOf(element);
}

/**
 * Open vs done: the badge's class (`issuable-status-badge-closed`, `badge-info`…) says it in every
 * language; the text ("Closed (moved)", "已关闭") is the fallback.
 */
function readResolved(badge: Element | null, status: string | undefined): boolean {
  if (!badge) return false;
  const classes = badge.className;
  if (/issuable-status-badge-(closed|merged)/.test(classes)) return true;
  if (/issuable-status-badge-open|badge-success/.test(classes)) return false;
  if (/badge-(info|danger)/.test(classes)) return true;
  return /^(closed|merged)|已关闭|已合并/i.test(status ?? '');
}

/** Inline scripts set `gon.current_username`; a content script cannot read `window.gon`, only the text. */
function readCurrentUsername(doc: Document): string | undefined {
  for (const script of Array.from(doc.querySelectorAll('script:not([src])'))) {
    const found = script.textContent?.match(/gon\.current_username\s*=\s*["']([^"']+)["']/);
    if (found) return found[1];
  }
  return undefined;
}

function readNote(note: Element, selectors: Chains): CommentFact {
  return { author: readUsername(queryFirst(note, selectors.commentAuthor)), at: readDate(queryFirst(note, selectors.commentTime)) };
}

function readLabels(doc: Document, selectors: Chains): string[] {
  // Scoped labels render as two parts ("priority" + "high"); the attribute holds the whole name.
  return readTexts(doc, selectors.labels, 'data-qa-label-name');
}

export function readGitLabPage({ url, doc, selectors, ignoredResponders }: PageContext<GitLabSelectorName>): TicketDraft | null {
  const ref = gitLabRefFromUrl(url);
  if (!ref) return null;
  const page = doc.body?.getAttribute('data-page');
  if (page && !SHOW_PAGES.test(page)) return null;
  const title = readText(doc, selectors.title);
  const badge = queryFirst(doc, selectors.state);
  const status = textOf(badge);
  if (!title && !status) return null;

  const project = doc.body?.getAttribute('data-project-full-path') || ref.project;
  const resolved = readResolved(badge, status);
  const reporter = readUsername(queryFirst(doc, selectors.author));
  const assignees = queryAll(doc, selectors.assignees).map(readUsername).filter(Boolean);
  const path = ref.kind === 'pull' ? 'merge_requests' : url.pathname.includes('/-/work_items/') ? 'work_items' : 'issues';
  const groupLevel = url.pathname.startsWith('/groups/');
  return {
    tracker: 'gitlab',
    origin: url.origin,
    key: `${project}${ref.kind === 'pull' ? '!' : '#'}${ref.iid}`,
    kind: ref.kind,
    url: `${url.origin}${groupLevel ? '/groups' : ''}/${project}/-/${path}/${ref.iid}`,
    title,
    status,
    reporter,
    assignee: assignees.length > 0 ? [...new Set(assignees)].join(', ') : undefined,
    project,
    resolved,
    createdAt: readDate(queryFirst(doc, selectors.createdAt)),
    resolvedAt: resolved ? latestEntryTime(doc, selectors.closedEvents) : undefined,
    firstResponseAt: firstResponseOnTimeline(queryAll(doc, selectors.comments), (note) => readNote(note, selectors), reporter, ignoredResponders),
    labels: readLabels(doc, selectors),
    viewer: readCurrentUsername(doc),
  };
}
