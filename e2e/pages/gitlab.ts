/**
 * A GitLab issue page (gitlab.com or self-managed): `body[data-page][data-project-full-path]`,
 * the issuable status badge, title, author with `data-username`, `time[datetime]`, and the
 * logged-in user in the inline `gon` script, as GitLab renders them.
 */
import { document, text } from './html';

export interface GitLabIssue {
  project: string;
  iid: number;
  title: string;
  state: 'open' | 'closed';
  author: string;
  viewer: string;
  createdAt: string;
}

export const gitlabIssuePath = (issue: Pick<GitLabIssue, 'project' | 'iid'>) => `/${issue.project}/-/issues/${issue.iid}`;

export function gitlabIssuePage(issue: GitLabIssue, origin: string): string {
  const open = issue.state === 'open';
  return document({
    title: `${issue.title} (#${issue.iid}) · Issues · ${issue.project} · GitLab`,
    htmlAttributes: 'class="gl-light"',
    // JSON.stringify + escaping `<` keeps the values inert inside the inline script.
    head: `<script>window.gon={};gon.gitlab_url=${JSON.stringify(origin).replace(/</g, '\\u003c')};gon.current_username=${JSON.stringify(issue.viewer).replace(/</g, '\\u003c')};</script>
      <style>body { font-family: sans-serif; margin: 24px; } .gl-badge { border-radius: 1em; padding: 2px 8px; background: #c3e6cd; }</style>`,
    bodyAttributes: `data-page="projects:issues:show" data-page-type-id="${issue.iid}" data-project-full-path="${text(issue.project)}"`,
    body: `<div class="content-wrapper">
      <div class="detail-page-header">
        <span class="issuable-status-badge issuable-status-badge-${open ? 'open' : 'closed'} gl-badge badge badge-pill ${open ? 'badge-success' : 'badge-info'}"><span class="gl-badge-content">${open ? 'Open' : 'Closed'}</span></span>
        <div class="issuable-meta">Issue created <time class="js-timeago" datetime="${text(issue.createdAt)}">${text(issue.createdAt)}</time> by
          <a class="author-link js-user-link" data-username="${text(issue.author)}" href="/${text(issue.author)}"><span class="author">${text(issue.author)}</span></a></div>
      </div>
      <h1 class="title gl-heading-1" data-testid="title-content">${text(issue.title)}</h1>
      <ul id="notes-list" class="notes main-notes-list timeline"></ul>
    </div>`,
  });
}
