/**
 * Where Jira shows each fact, as data. Each chain runs new view first (Cloud `data-testid`s),
 * then the older `data-test-id` spelling, then Server/Data Center ids. A configuration entry
 * `selectorOverrides.jira.<name>` replaces a whole chain.
 */
const CLOUD = 'issue.views.issue-base.foundation';

export const jiraSelectors = {
  displayedKey: [`a[data-testid="${CLOUD}.breadcrumbs.current-issue.item"]`, `a[data-test-id="${CLOUD}.breadcrumbs.current-issue.item"]`, '#key-val'],
  title: [`h1[data-testid="${CLOUD}.summary.heading"]`, `h1[data-test-id="${CLOUD}.summary.heading"]`, 'h1#summary-val', '#summary-val', '[data-testid="request-details.summary"]'],
  status: [
    'button[data-testid="issue-field-status.ui.status-view.status-button.status-button"] span[data-testid$="status-button--text"]',
    'button[data-testid="issue-field-status.ui.status-view.status-button.status-button"]',
    '#status-val .jira-issue-status-lozenge',
    '#status-val',
    '[data-testid="request-details.status"]',
  ],
  /** Server/DC lozenges carry the status category in their class. */
  statusCategory: ['#status-val [class*="jira-issue-status-lozenge-"]'],
  /**
   * The host goes right after the status chip itself, so the badge sits inline beside it: the
   * Cloud button (not its full-width wrapper, where the host would start a line of its own) and
   * the Server/DC lozenge (not `#status-val`, a block in the details list). The wrappers stay as
   * fallbacks for markup that drops the button's test id.
   */
  statusAnchor: [
    'button[data-testid="issue-field-status.ui.status-view.status-button.status-button"]',
    `[data-testid="${CLOUD}.status.status-field-wrapper"]`,
    `[data-test-id="${CLOUD}.status.status-field-wrapper"]`,
    '#status-val .jira-issue-status-lozenge',
    '#status-val',
    // Customer portal: the status chip inside its block, so the badge sits on the chip's line.
    '[data-testid="request-details.status"] > span',
    '[data-testid="request-details.status"]',
  ],
  resolution: ['[data-testid="issue-field-resolution.ui.read.resolution-status-label"]', `[data-testid="${CLOUD}.status.resolution"]`, '#resolution-val'],
  priority: ['[data-testid="issue-field-priority-readview-full.ui.priority.wrapper"]', '#priority-val'],
  assignee: ['[data-testid="issue.views.field.user.assignee"]', '[data-test-id="issue.views.field.user.assignee"]', '#assignee-val .user-hover', '#assignee-val'],
  reporter: ['[data-testid="issue.views.field.user.reporter"]', '[data-test-id="issue.views.field.user.reporter"]', '#reporter-val .user-hover', '#reporter-val'],
  createdAt: ['#created-val time', '#create-date time', '#created-val'],
  resolvedAt: ['#resolutiondate-val time', '#resolved-date time', '#resolutiondate-val'],
  labels: ['[data-testid="issue.views.field.labels"] a', '#wrap-labels ul.labels a.lozenge', 'ul.labels a.lozenge'],
  components: ['[data-testid="issue.views.field.components"] a', '#components-val a', '#components-field a'],
} as const;

export type JiraSelectorName = keyof typeof jiraSelectors;
