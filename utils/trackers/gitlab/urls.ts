/** GitLab page predicates (gitlab.com and self-managed share paths), each with its example URLs. */
import { examples, nonTickets } from '../url-examples';

/** A project path (groups and subgroups) followed by `tail`; a function so a bundle that never tests these URLs drops it all. */
const projectPath = (tail: string) => new RegExp(`^/((?:[\\w.-]+/)+?[\\w.-]+)${tail}`);
const issuePath = /* @__PURE__ */ projectPath('/-/issues/(\\d+)/?$');
const mergeRequestPath = /* @__PURE__ */ projectPath('/-/merge_requests/(\\d+)(?:/(?:diffs|commits|pipelines))?/?$');
const groupWorkItemPath = /^\/groups\/((?:[\w.-]+\/)*[\w.-]+)\/-\/work_items\/(\d+)\/?$/;
const workItemPath = /* @__PURE__ */ projectPath('/-/work_items/(\\d+)/?$');

export const isIssuePage = (url: URL): boolean => issuePath.test(url.pathname);
examples('gitlab', 'isIssuePage', isIssuePage, [
  'https://gitlab.com/acme/platform/-/issues/17',
  'https://gitlab.com/acme/infra/tooling/-/issues/3',
  'https://git.example.cn/it/helpdesk/-/issues/88',
]);

export const isMergeRequestPage = (url: URL): boolean => mergeRequestPath.test(url.pathname);
examples('gitlab', 'isMergeRequestPage', isMergeRequestPage, [
  'https://gitlab.com/acme/platform/-/merge_requests/5',
  'https://gitlab.com/acme/platform/-/merge_requests/5/diffs',
  'https://git.example.cn/it/helpdesk/-/merge_requests/12/pipelines',
]);

export const isWorkItemPage = (url: URL): boolean => groupWorkItemPath.test(url.pathname) || workItemPath.test(url.pathname);
examples('gitlab', 'isWorkItemPage', isWorkItemPage, [
  'https://gitlab.com/acme/platform/-/work_items/21',
  'https://gitlab.com/groups/acme/-/work_items/4',
]);

nonTickets('gitlab', [
  'https://gitlab.com/acme/platform',
  'https://gitlab.com/acme/platform/-/issues',
  'https://gitlab.com/acme/platform/-/issues/new',
  'https://gitlab.com/acme/platform/-/merge_requests',
  'https://gitlab.com/acme/platform/-/merge_requests/new',
  'https://gitlab.com/acme/platform/-/boards',
  'https://gitlab.com/acme/platform/-/work_items',
  'https://gitlab.com/dashboard/issues?assignee_username=ann',
  'https://gitlab.com/search?search=sla',
]);

export interface GitLabRef {
  /** `group/project`, or the group for group-level work items. */
  project: string;
  iid: string;
  kind: 'issue' | 'pull';
}

/** URL-only: can this page be a GitLab ticket (utils/trackers/may-be-ticket.ts)? */
export const isGitLabTicketUrl = (url: URL): boolean => gitLabRefFromUrl(url) !== undefined;

export function gitLabRefFromUrl(url: URL): GitLabRef | undefined {
  const mergeRequest = url.pathname.match(mergeRequestPath);
  if (mergeRequest) return { project: mergeRequest[1]!, iid: mergeRequest[2]!, kind: 'pull' };
  const issue = url.pathname.match(groupWorkItemPath) ?? url.pathname.match(issuePath) ?? url.pathname.match(workItemPath);
  return issue ? { project: issue[1]!, iid: issue[2]!, kind: 'issue' } : undefined;
}
