/**
 * Where GitLab shows each fact, as data, checked against GitLab's own Vue templates (see the
 * fixtures' headers for files and commits): classic issue page first where its hook is unique,
 * then the work-item view (GitLab's default issue view), then the merge request page, then
 * older versions. `selectorOverrides.gitlab.<name>` replaces a chain; a comma inside one entry
 * unites selectors.
 */

// The work-item state badge (work_item_state_badge.vue) is a bare GlBadge: no test id, no status
// class. It is the badge beside `work-item-created` that carries a state icon.
const WORK_ITEM_ROW = 'div:has([data-testid="work-item-created"]) > .gl-badge';
const WORK_ITEM_STATE = `${WORK_ITEM_ROW}:has([data-testid="issue-open-m-icon"]), ${WORK_ITEM_ROW}:has([data-testid="issue-close-icon"])`;

const STATE = [
  '[data-testid="issue-state-badge"]', // classic issue (issuable_header.vue)
  WORK_ITEM_STATE,
  '.js-mr-header .gl-badge', // merge request (merge_request_header.vue → status_badge.vue)
  '.issuable-status-badge', // older versions
  '.detail-page-header .gl-badge',
];

export const gitlabSelectors = {
  title: [
    '[data-testid="work-item-title"]', // h1 on newer versions, a span inside h1/h2 on older ones
    'h1[data-testid="issue-title"]',
    'h1[data-testid="title-content"]',
    '#item-title',
    '.detail-page-header h1.title',
    '.detail-page-description .title',
  ],
  state: STATE,
  /** Merge request page: the header's mount point says `opened` / `closed` / `merged` / `locked`. */
  mergeRequestState: ['.js-mr-header[data-state]'],
  author: [
    'a[data-testid="work-item-author"]',
    'a[data-testid="issue-author"]',
    '[data-testid="work-item-created"] a.js-user-link', // work items before the author got a test id
    '.detail-page-header a.author-link',
    '.issuable-meta a.author-link',
  ],
  createdAt: ['[data-testid="work-item-created"] time', '.detail-page-header time', '.issuable-meta time'],
  closedEvents: [
    '.system-note [data-testid="issue-close-icon"], .system-note [data-testid="merge-request-close-icon"], .system-note [data-testid="git-merge-icon"], .system-note [data-testid="merge-icon"]',
  ],
  labels: [
    '[data-testid="work-item-labels"] .gl-label',
    '[data-testid="sidebar-labels"] .gl-label',
    '.issuable-show-labels .gl-label',
    '.labels .gl-label',
  ],
  /** A scoped label (GlLabel) renders its key and value apart: `priority` + `high` = `priority::high`. */
  labelKey: ['.gl-label-text'],
  labelScopedValue: ['.gl-label-text-scoped'],
  assignees: ['[data-testid="work-item-assignees"] a[data-username]', '.assignee a.author-link[data-username]', '.assignee a[data-username]'],
  comments: ['.timeline-entry.note:not(.system-note)', '[data-testid="note-container"]'],
  commentAuthor: ['a[data-username]', '.note-header-author-name'],
  commentTime: ['time[datetime]'],
  statusAnchor: STATE,
} as const;

export type GitLabSelectorName = keyof typeof gitlabSelectors;
