/**
 * A GitLab issue page (gitlab.com or self-managed) in the work-item view, GitLab's default issue
 * view, as gitlabhq's Vue templates render it: `body[data-page][data-project-full-path]`,
 * `h1[data-testid="work-item-title"]` (work_item_title.vue), the state badge as a bare GlBadge
 * with a state icon and no test id (work_item_state_badge.vue), `[data-testid="work-item-created"]`
 * with `time[datetime]` and the author link (display name, profile `href`, no `data-username`;
 * work_item_created_updated.vue), and the signed-in user in the inline `gon` script.
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
  const icon = open ? 'issue-open-m' : 'issue-close';
  return document({
    title: `${issue.title} (#${issue.iid}) · Issues · ${issue.project} · GitLab`,
    htmlAttributes: 'class="gl-light"',
    // JSON.stringify + escaping `<` keeps the values inert inside the inline script.
    head: `<script>window.gon={};gon.gitlab_url=${JSON.stringify(origin).replace(/</g, '\\u003c')};gon.current_username=${JSON.stringify(issue.viewer).replace(/</g, '\\u003c')};</script>
      <style>body { font-family: sans-serif; margin: 24px; } .gl-badge { border-radius: 1em; padding: 2px 8px; background: #c3e6cd; }</style>`,
    bodyAttributes: `data-page="projects:issues:show" data-page-type-id="${issue.iid}" data-project-full-path="${text(issue.project)}"`,
    body: `<main class="content-wrapper">
      <div data-testid="work-item-detail">
        <h1 data-testid="work-item-title" class="gl-heading-1 !gl-m-0 gl-w-full">${text(issue.title)}</h1>
        <div class="gl-my-2 gl-text-subtle">
          <span class="gl-badge badge badge-pill ${open ? 'badge-success' : 'badge-info'} gl-align-middle"><svg data-testid="${icon}-icon" role="img" aria-hidden="true" class="gl-icon s16 gl-badge-icon"></svg><span class="gl-badge-content">${open ? 'Open' : 'Closed'}</span></span>
          <span data-testid="work-item-created" class="gl-align-middle">created <time datetime="${text(issue.createdAt)}">${text(issue.createdAt)}</time> by
            <a title="${text(issue.author)}" href="${text(origin)}/${text(issue.author)}" data-testid="work-item-author" class="gl-avatar-link js-user-link gl-font-bold">${text(issue.author)}</a></span>
        </div>
        <ul class="notes main-notes-list timeline"></ul>
      </div>
    </main>`,
  });
}
