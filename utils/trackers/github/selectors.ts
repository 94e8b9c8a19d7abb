/**
 * Where GitHub shows each fact, as data: React issue view first, then the classic view (pull
 * requests and older Enterprise servers). `selectorOverrides.github.<name>` replaces a chain.
 * A comma inside one entry unites selectors (all closing events), a chain entry is a fallback.
 */
export const githubSelectors = {
  displayedNumber: ['[data-testid="issue-header"] h1 > span', '.gh-header-title .gh-header-number'],
  title: ['bdi[data-testid="issue-title"]', '.gh-header-title .js-issue-title', '.js-issue-title'],
  state: ['[data-testid="header-state"]', '.gh-header-meta .State', 'span.State'],
  author: ['a[data-testid="issue-body-header-author"]', '.gh-header-meta a.author', '.timeline-comment-header a.author'],
  // The opening post's time; a merged PR's header meta shows the merge time instead.
  createdAt: ['[data-testid="issue-body-header-link"] relative-time', '.js-discussion .timeline-comment-header relative-time', '.gh-header-meta relative-time'],
  closedEvents: [
    '[data-testid="state-reason-link"]',
    '.TimelineItem-badge .octicon-issue-closed, .TimelineItem-badge .octicon-skip, .TimelineItem-badge .octicon-git-merge, .TimelineItem-badge .octicon-git-pull-request-closed',
  ],
  labels: ['[data-testid="sidebar-labels-section"] a', '.js-issue-labels .IssueLabel', '.sidebar-labels .IssueLabel'],
  assignees: ['[data-testid="sidebar-assignees-section"] a[data-hovercard-url*="/users/"]', '.js-issue-assignees a.assignee', '.js-issue-assignees .assignee'],
  comments: ['.react-issue-comment', '.js-timeline-item .timeline-comment', '.timeline-comment'],
  commentAuthor: ['a[data-testid="avatar-link"]', 'a.author'],
  commentTime: ['relative-time[datetime]'],
  // The chip appears twice in the React view; the sticky copy is hidden until scrolling.
  statusAnchor: ['[data-testid="issue-header"] [data-testid="header-state"]', '[data-testid="header-state"]', '.gh-header-meta .State'],
} as const;

export type GitHubSelectorName = keyof typeof githubSelectors;
