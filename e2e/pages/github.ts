/**
 * GitHub issue pages as github.com serves them today (React issue view), reduced to the hooks
 * the extension reads: header with number, title and the state chip (`data-testid="header-state"`
 * with `data-status`), author + `relative-time`, the closing event in the timeline, labels,
 * `meta[name=user-login]`, and `data-color-mode` on <html> for light/dark.
 */
import { document, text } from './html';

export interface GitHubComment {
  author: string;
  at: string;
  body: string;
}

export interface GitHubIssue {
  owner: string;
  repo: string;
  number: number;
  title: string;
  state: 'open' | 'closed';
  author: string;
  /** The logged-in user (`meta[name=user-login]`). */
  viewer: string;
  createdAt: string;
  closedAt?: string;
  closedBy?: string;
  labels?: string[];
  comments?: GitHubComment[];
  /** Extra timeline items (comment rows) for a large page. */
  timelineItems?: number;
  colorMode?: 'light' | 'dark';
}

export const githubIssuePath = (issue: Pick<GitHubIssue, 'owner' | 'repo' | 'number'>) => `/${issue.owner}/${issue.repo}/issues/${issue.number}`;

function comment(item: GitHubComment): string {
  return `<div class="react-issue-comment" data-testid="comment">
    <a data-testid="avatar-link" href="/${text(item.author)}">${text(item.author)}</a>
    <relative-time datetime="${text(item.at)}">${text(item.at)}</relative-time>
    <div class="markdown-body"><p>${text(item.body)}</p></div>
  </div>`;
}

/** The part React renders for one issue (what soft navigation swaps). */
export function githubIssueView(issue: GitHubIssue): string {
  const closed = issue.state === 'closed';
  const comments = [...(issue.comments ?? [])];
  for (let index = 0; index < (issue.timelineItems ?? 0); index++) {
    comments.push({ author: index % 2 ? issue.author : 'helper-bot-free', at: issue.createdAt, body: `Timeline item ${index + 1}: still looking into it.` });
  }
  const closingEvent = closed && issue.closedAt
    ? `<div class="timeline-event" data-testid="timeline-closed">
        <a href="/${text(issue.closedBy ?? issue.author)}">${text(issue.closedBy ?? issue.author)}</a> closed this as
        <a data-testid="state-reason-link" href="#">completed</a>
        <relative-time datetime="${text(issue.closedAt)}">${text(issue.closedAt)}</relative-time>
      </div>`
    : '';
  return `<div data-testid="issue-viewer-container">
    <div data-testid="issue-header">
      <h1><bdi data-testid="issue-title">${text(issue.title)}</bdi> <span>#${issue.number}</span></h1>
      <div class="header-meta">
        <span data-testid="header-state" data-status="${closed ? 'issueClosed' : 'issueOpened'}" class="prc-StateLabel">${closed ? 'Closed' : 'Open'}</span>
        <span class="author-line"><a href="/${text(issue.author)}">${text(issue.author)}</a> opened this issue</span>
      </div>
    </div>
    <div class="layout">
      <main class="timeline">
        <div class="issue-body">
          <a data-testid="issue-body-header-author" href="/${text(issue.author)}">${text(issue.author)}</a>
          <a data-testid="issue-body-header-link" href="#"><relative-time datetime="${text(issue.createdAt)}">${text(issue.createdAt)}</relative-time></a>
          <div class="markdown-body"><p>Please help with ${text(issue.title)}.</p></div>
        </div>
        ${comments.map(comment).join('\n')}
        ${closingEvent}
      </main>
      <aside>
        <div data-testid="sidebar-labels-section">${(issue.labels ?? []).map((label) => `<a href="#">${text(label)}</a>`).join('')}</div>
        <div data-testid="sidebar-assignees-section"></div>
      </aside>
    </div>
  </div>`;
}

export const GITHUB_STYLE = `<style>
  :root { color-scheme: light; }
  html[data-color-mode="dark"] { color-scheme: dark; }
  html[data-color-mode="dark"] body { background: #0d1117; color: #e6edf3; }
  body { font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; margin: 24px; background: #fff; color: #1f2328; }
  [data-testid="issue-header"] h1 { font-size: 26px; font-weight: 400; margin: 0 0 8px; }
  .header-meta { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; padding-bottom: 12px; border-bottom: 1px solid #d1d9e0; }
  .prc-StateLabel { display: inline-flex; padding: 4px 12px; border-radius: 2em; color: #fff; background: #1f883d; font-size: 14px; font-weight: 500; }
  [data-status="issueClosed"] { background: #8250df; }
  .layout { display: flex; gap: 24px; margin-top: 16px; }
  .timeline { flex: 1; }
  .react-issue-comment, .issue-body { border: 1px solid #d1d9e0; border-radius: 6px; padding: 8px 12px; margin-bottom: 12px; }
</style>`;

/** A whole github.com page for one issue. */
export function githubIssuePage(issue: GitHubIssue, options: { script?: string } = {}): string {
  return document({
    title: `${issue.title} · Issue #${issue.number} · ${issue.owner}/${issue.repo}`,
    htmlAttributes: `data-color-mode="${issue.colorMode ?? 'light'}" data-light-theme="light" data-dark-theme="dark"`,
    head: `<meta name="user-login" content="${text(issue.viewer)}"><meta name="hostname" content="github.com">
      <meta name="hovercard-subject-tag" content="issue:${issue.number}">${GITHUB_STYLE}`,
    body: `<div id="app">${githubIssueView(issue)}</div>${options.script ? `<script>${options.script}</script>` : ''}`,
  });
}

/** Pages of a repository that are no ticket, each with many rows: the watcher must cost them next to nothing. */
export function githubRepoCodePage(owner: string, repo: string, files = 300): string {
  const rows = Array.from({ length: files }, (_, index) => `<tr class="react-directory-row"><td><a href="/${text(owner)}/${text(repo)}/blob/main/src/module-${index}.ts">src/module-${index}.ts</a></td><td>Refactor module ${index}</td><td><relative-time datetime="2026-01-01T00:00:00Z">Jan 1</relative-time></td></tr>`);
  return document({
    title: `${owner}/${repo}: platform tooling`,
    head: `<meta name="user-login" content="ana"><meta name="hostname" content="github.com">${GITHUB_STYLE}`,
    body: `<div id="app"><h1>${text(owner)}/${text(repo)}</h1><table aria-labelledby="folders-and-files">${rows.join('')}</table><article class="markdown-body"><h2>README</h2><p>Platform tooling.</p></article></div>`,
  });
}

export function githubIssueListPage(owner: string, repo: string, issues = 100): string {
  const rows = Array.from({ length: issues }, (_, index) => `<li class="ListItem" data-testid="list-view-item"><a data-testid="issue-pr-title-link" href="/${text(owner)}/${text(repo)}/issues/${index + 1}">Platform request ${index + 1}</a> <span>#${index + 1} opened by ana</span> <relative-time datetime="2026-01-01T00:00:00Z">Jan 1</relative-time></li>`);
  return document({
    title: `Issues · ${owner}/${repo}`,
    head: `<meta name="user-login" content="ana"><meta name="hostname" content="github.com">${GITHUB_STYLE}`,
    body: `<div id="app"><h1>Issues</h1><ul data-testid="list-view-items">${rows.join('')}</ul></div>`,
  });
}
