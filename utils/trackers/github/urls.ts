/** GitHub page predicates (github.com and Enterprise share paths), each with its example URLs. */
import { examples, nonTickets } from '../url-examples';

const issuePath = /^\/([\w.-]+)\/([\w.-]+)\/issues\/(\d+)\/?$/;
const pullPath = /^\/([\w.-]+)\/([\w.-]+)\/pull\/(\d+)(?:\/(?:files|commits|checks|changes)(?:\/.*)?)?\/?$/;

export const isIssuePage = (url: URL): boolean => issuePath.test(url.pathname);
examples('github', 'isIssuePage', isIssuePage, [
  'https://github.com/acme/platform/issues/42',
  'https://github.com/acme/platform/issues/42/',
  'https://github.example.com/infra/deploy-tools/issues/7',
]);

export const isPullPage = (url: URL): boolean => pullPath.test(url.pathname);
examples('github', 'isPullPage', isPullPage, [
  'https://github.com/acme/platform/pull/108',
  'https://github.com/acme/platform/pull/108/files',
  'https://github.com/acme/platform/pull/108/commits/3f2a9c1',
  'https://github.com/acme/platform/pull/108/checks',
  'https://github.example.com/infra/deploy-tools/pull/9/changes',
]);

nonTickets('github', [
  'https://github.com/acme/platform',
  'https://github.com/acme/platform/issues',
  'https://github.com/acme/platform/pulls',
  'https://github.com/acme/platform/issues/new',
  'https://github.com/acme/platform/issues/new/choose',
  'https://github.com/acme/platform/issues/templates/edit',
  'https://github.com/acme/platform/issues/views/3',
  'https://github.com/acme/platform/labels/bug',
  'https://github.com/acme/platform/compare/main...fix',
  'https://github.com/search?q=sla&type=issues',
  'https://github.com/issues',
]);

export interface GitHubRef {
  owner: string;
  repo: string;
  number: string;
  kind: 'issue' | 'pull';
}

/** URL-only: can this page be a GitHub ticket (utils/trackers/may-be-ticket.ts)? */
export const isGitHubTicketUrl = (url: URL): boolean => gitHubRefFromUrl(url) !== undefined;

export function gitHubRefFromUrl(url: URL): GitHubRef | undefined {
  const issue = url.pathname.match(issuePath);
  const pull = issue ? undefined : url.pathname.match(pullPath);
  const match = issue ?? pull;
  if (!match) return undefined;
  return { owner: match[1]!, repo: match[2]!, number: match[3]!, kind: issue ? 'issue' : 'pull' };
}
