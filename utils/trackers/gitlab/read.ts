/** GitLab DOM readers for issues, work items and merge requests. */
import { latestEntryTime, queryAll, queryFirst, readDate, readText, textOf, type SelectorChains } from '../dom';
import { firstResponseOnTimeline, type CommentFact } from '../people';
import type { PageContext, TicketDraft } from '../types';
import type { GitLabSelectorName } from './selectors';
import { gitLabRefFromUrl } from './urls';

type Chains = SelectorChains<GitLabSelectorName>;

const SHOW_PAGES = /^(projects|groups):(issues|merge_requests|work_items):show$/;

/**
 * A user link's login: `data-username` where GitLab sets it (notes, older headers), else the
 * `@login` the classic header prints in `strong.author`, else the profile URL's last segment
 * (the work-item author link carries only a display name and `href`), else the text.
 */
function readUsername(element: Element | null): string | undefined {
  if (!element) return undefined;
  const login = element.getAttribute('data-username')?.trim() || textOf(element.querySelector('strong.author'))?.replace(/^@/, '');
  if (login) return login;
  const href = element.getAttribute('href');
  if (href) {
    try {
      const segment = new URL(href, 'https://gitlab.invalid').pathname.split('/').filter(Boolean).pop();
      if (segment) return decodeURIComponent(segment);
    } catch {
      // A malformed href reads as "no login"; the text answers below.
    }
  }
  return textOf(element);
}

const DONE_ICONS = /^(issue-close|merge|merge-request-close|git-merge)-icon$/;
const OPEN_ICONS = /^(issue-open-m|merge-request|merge-request-open)-icon$/;

/**
 * Open vs done, in every language: the merge request header's `data-state`, then the badge's
 * state icon (GlIcon's `data-testid="<name>-icon"`), then its variant class (success = open;
 * info/danger = closed or merged), then older status classes; the text ("Closed (moved)",
 * "已关闭") is the last resort.
 */
function readResolved(doc: Document, badge: Element | null, status: string | undefined, selectors: Chains): boolean {
  const mrState = queryFirst(doc, selectors.mergeRequestState)?.getAttribute('data-state');
  if (mrState) return mrState === 'merged' || mrState === 'closed';
  if (!badge) return false;
  const icon = badge.querySelector('svg[data-testid]')?.getAttribute('data-testid') ?? '';
  if (DONE_ICONS.test(icon)) return true;
  if (OPEN_ICONS.test(icon)) return false;
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

/** A label's full title: the sidebar's `data-qa-label-name`, else GlLabel's key and scoped value joined by `::`. */
function readLabel(label: Element, selectors: Chains): string | undefined {
  const named = label.getAttribute('data-qa-label-name')?.trim();
  if (named) return named;
  const scoped = textOf(queryFirst(label, selectors.labelScopedValue));
  const key = scoped && textOf(queryFirst(label, selectors.labelKey));
  return key ? `${key}::${scoped}` : textOf(label);
}

function readLabels(doc: Document, selectors: Chains): string[] {
  const labels = queryAll(doc, selectors.labels).map((label) => readLabel(label, selectors));
  return [...new Set(labels.filter((label): label is string => !!label))];
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
  const resolved = readResolved(doc, badge, status, selectors);
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
