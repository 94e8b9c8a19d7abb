/** GitHub DOM readers for issues and pull requests, React and classic views. */
import { latestEntryTime, queryAll, queryFirst, readDate, readMeta, readText, readTexts, textOf, type SelectorChains } from '../dom';
import { firstResponseOnTimeline, type CommentFact } from '../people';
import type { PageContext, TicketDraft } from '../types';
import type { GitHubSelectorName } from './selectors';
import { gitHubRefFromUrl } from './urls';

type Chains = SelectorChains<GitHubSelectorName>;

/** React's `data-status` values → the status a person reads. */
const STATUS_BY_DATA: Record<string, string> = {
  issueOpened: 'Open',
  issueClosed: 'Closed',
  issueClosedNotPlanned: 'Not planned',
  issueDraft: 'Draft',
  pullOpened: 'Open',
  pullClosed: 'Closed',
  pullMerged: 'Merged',
  pullDraft: 'Draft',
  draft: 'Draft',
  pullQueued: 'Queued',
};
const RESOLVED_STATUSES = new Set(['Closed', 'Not planned', 'Merged']);

function readState(doc: Document, selectors: Chains): string | undefined {
  const chip = queryFirst(doc, selectors.state);
  if (!chip) return undefined;
  const data = chip.getAttribute('data-status');
  if (data) return STATUS_BY_DATA[data] ?? textOf(chip);
  const classes = chip.classList;
  if (classes.contains('State--merged')) return 'Merged';
  if (classes.contains('State--draft')) return 'Draft';
  if (classes.contains('State--open')) return 'Open';
  if (classes.contains('State--closed')) {
    const notPlanned = /not planned/i.test(chip.getAttribute('title') ?? '') || chip.querySelector('.octicon-skip');
    return notPlanned ? 'Not planned' : 'Closed';
  }
  return textOf(chip);
}

/**
 * A login from a profile link: its text, else its avatar's `@login` alt, else its href. Apps
 * link to `/apps/<name>`: they are bots, spelled `<name>[bot]` as GitHub does.
 */
function readLogin(element: Element | null): string | undefined {
  if (!element) return undefined;
  const href = element.getAttribute('href') ?? '';
  const login = textOf(element) ?? element.querySelector('img[alt^="@"]')?.getAttribute('alt')?.slice(1) ?? href.split('/').filter(Boolean).at(-1);
  return login && href.startsWith('/apps/') && !login.endsWith('[bot]') ? `${login}[bot]` : login;
}

function readComment(comment: Element, selectors: Chains): CommentFact {
  return {
    author: readLogin(queryFirst(comment, selectors.commentAuthor)),
    at: readDate(queryFirst(comment, selectors.commentTime)),
  };
}

export function readGitHubPage({ url, doc, selectors, ignoredResponders }: PageContext<GitHubSelectorName>): TicketDraft | null {
  const ref = gitHubRefFromUrl(url);
  if (!ref) return null;
  // Soft navigation swaps the URL before the view: skip a header still showing another number.
  const shownNumber = readTexts(doc, selectors.displayedNumber)
    .map((text) => text.match(/^#(\d+)$/)?.[1])
    .find(Boolean);
  if (shownNumber && shownNumber !== ref.number) return null;
  const title = readText(doc, selectors.title);
  const status = readState(doc, selectors);
  if (!title && !status) return null;

  const resolved = status !== undefined && RESOLVED_STATUSES.has(status);
  const reporter = readLogin(queryFirst(doc, selectors.author));
  const project = `${ref.owner}/${ref.repo}`;
  const assignees = readTexts(doc, selectors.assignees);
  return {
    tracker: 'github',
    origin: url.origin,
    key: `${project}#${ref.number}`,
    kind: ref.kind,
    url: `${url.origin}/${project}/${ref.kind === 'pull' ? 'pull' : 'issues'}/${ref.number}`,
    title,
    status,
    reporter,
    assignee: assignees.length > 0 ? assignees.join(', ') : undefined,
    project,
    resolved,
    createdAt: readDate(queryFirst(doc, selectors.createdAt)),
    resolvedAt: resolved ? latestEntryTime(doc, selectors.closedEvents) : undefined,
    firstResponseAt: firstResponseOnTimeline(queryAll(doc, selectors.comments), (comment) => readComment(comment, selectors), reporter, ignoredResponders),
    labels: readTexts(doc, selectors.labels),
    viewer: readMeta(doc, 'user-login'),
  };
}
