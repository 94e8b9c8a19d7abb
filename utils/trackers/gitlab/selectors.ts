/**
 * Where GitLab shows each fact, as data: work-item view first, then the issuable (issue and
 * merge request) page. `selectorOverrides.gitlab.<name>` replaces a chain; a comma inside one
 * entry unites selectors.
 */
export const gitlabSelectors = {
  title: ['[data-testid="work-item-title"]', 'h1[data-testid="title-content"]', '.detail-page-header h1.title'],
  state: ['[data-testid="work-item-state-badge"]', '.issuable-status-badge', '[data-testid="issue-state-badge"]', '.detail-page-header .gl-badge'],
  author: ['a[data-testid="work-item-author"]', '.detail-page-header a.author-link', '.issuable-meta a.author-link'],
  createdAt: ['[data-testid="work-item-created"] time', '.detail-page-header time', '.issuable-meta time'],
  closedEvents: [
    '.system-note [data-testid="issue-close-icon"], .system-note [data-testid="merge-request-close-icon"], .system-note [data-testid="git-merge-icon"]',
  ],
  labels: ['[data-testid="work-item-labels"] .gl-label', '.issuable-show-labels .gl-label', '.labels .gl-label'],
  assignees: ['[data-testid="work-item-assignees"] a[data-username]', '.assignee a.author-link[data-username]', '.assignee a[data-username]'],
  comments: ['.timeline-entry.note:not(.system-note)', '[data-testid="note-container"]'],
  commentAuthor: ['a[data-username]', '.note-header-author-name'],
  commentTime: ['time[datetime]'],
  statusAnchor: ['[data-testid="work-item-state-badge"]', '.issuable-status-badge', '[data-testid="issue-state-badge"]', '.detail-page-header .gl-badge'],
} as const;

export type GitLabSelectorName = keyof typeof gitlabSelectors;
