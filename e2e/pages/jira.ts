/**
 * Jira Cloud's new issue view (`/browse/KEY-N` on *.atlassian.net), reduced to the stable hooks
 * (`data-testid`s, `aria-label`s) and the real nesting where it matters for layout: the status
 * button sits in an unnamed container inside the full-width `status-field-wrapper`, coloured by
 * its status category, with a chevron. Also the same-origin REST answer
 * (`/rest/api/2/issue/{key}`) that carries what the DOM does not: dates, status category,
 * comments, changelog. Jira's REST offsets have no colon (`+0000`), as the real one.
 */
import { document, text } from './html';

const CLOUD = 'issue.views.issue-base.foundation';

export interface JiraIssue {
  key: string;
  summary: string;
  status: string;
  statusCategory: 'new' | 'indeterminate' | 'done';
  priority: string;
  reporter: { accountId: string; displayName: string };
  /** The logged-in user (`meta[name=ajs-atlassian-account-id]`). */
  viewerAccountId: string;
  created: string;
  resolutiondate?: string;
  labels?: string[];
}

export const jiraIssuePath = (issue: Pick<JiraIssue, 'key'>) => `/browse/${issue.key}`;
export const jiraRestPath = (issue: Pick<JiraIssue, 'key'>) => `/rest/api/2/issue/${issue.key}`;

/** `2026-11-26T03:15:00.000Z` → `2026-11-26T03:15:00.000+0000` (Jira's spelling). */
const jiraTime = (iso: string) => iso.replace(/Z$/, '+0000');

export function jiraIssueView(issue: JiraIssue): string {
  return `<div data-testid="issue.views.issue-details.issue-layout.container-left">
    <nav aria-label="Breadcrumbs"><a data-testid="${CLOUD}.breadcrumbs.current-issue.item" href="/browse/${text(issue.key)}"><span>${text(issue.key)}</span></a></nav>
    <h1 data-testid="${CLOUD}.summary.heading">${text(issue.summary)}</h1>
    <div data-testid="${CLOUD}.status.status-field-wrapper" class="status-wrapper">
      <div class="status-view">
        <button data-testid="issue-field-status.ui.status-view.status-button.status-button" aria-label="${text(issue.status)} - Change status" class="status-${issue.statusCategory}">
          <span data-testid="issue-field-status.ui.status-view.status-button.status-button--text">${text(issue.status)}</span>
          <svg role="presentation" width="16" height="16" viewBox="0 0 24 24"><path d="M8 10l4 4 4-4" fill="none" stroke="currentColor" stroke-width="2"></path></svg>
        </button>
      </div>
    </div>
    <div data-testid="issue-field-priority-readview-full.ui.priority.wrapper"><span>${text(issue.priority)}</span></div>
    <div data-testid="issue.views.field.user.reporter"><span>${text(issue.reporter.displayName)}</span></div>
    <div data-testid="issue.views.field.user.assignee"><span>Unassigned</span><button>Assign to me</button></div>
  </div>`;
}

const JIRA_STYLE = `<style>
  body { font-family: -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px; color: #172b4d; background: #fff; }
  [data-testid$="issue-layout.container-left"] { max-width: 720px; }
  nav a { color: #44546f; font-size: 14px; text-decoration: none; }
  h1 { font-size: 24px; font-weight: 500; }
  .status-wrapper { display: flex; align-items: center; margin: 8px 0 16px; }
  .status-view { display: flex; align-items: center; }
  .status-view button { display: inline-flex; align-items: center; gap: 4px; height: 32px; padding: 0 8px 0 12px; border: 0; border-radius: 3px; font-family: inherit; font-size: 14px; font-weight: 500; cursor: pointer; }
  .status-new { background: #091e420f; color: #172b4d; }
  .status-indeterminate { background: #0c66e4; color: #fff; }
  .status-done { background: #1f845a; color: #fff; }
</style>`;

export function jiraIssuePage(issue: JiraIssue, options: { script?: string } = {}): string {
  return document({
    title: `[${issue.key}] ${issue.summary} - Jira`,
    head: `<meta name="ajs-atlassian-account-id" content="${text(issue.viewerAccountId)}">${JIRA_STYLE}`,
    body: `<div id="jira-frontend">${jiraIssueView(issue)}</div>${options.script ? `<script>${options.script}</script>` : ''}`,
  });
}

/** What `/rest/api/2/issue/{key}?fields=…&expand=changelog` answers for the issue. */
export function jiraRestIssue(issue: JiraIssue): string {
  return JSON.stringify({
    key: issue.key,
    fields: {
      summary: issue.summary,
      created: jiraTime(issue.created),
      resolutiondate: issue.resolutiondate ? jiraTime(issue.resolutiondate) : null,
      status: { name: issue.status, statusCategory: { key: issue.statusCategory } },
      priority: { name: issue.priority },
      reporter: { ...issue.reporter, accountType: 'atlassian' },
      assignee: null,
      labels: issue.labels ?? [],
      components: [],
      project: { key: issue.key.replace(/-\d+$/, '') },
      comment: { comments: [] },
    },
    changelog: { histories: [] },
  });
}
