/**
 * Jira page predicates: each one pure line over a URL, with the URLs it must accept right under
 * it. Paths may carry a Data Center context path (`/jira/browse/OPS-1`).
 */
import { examples, nonTickets } from '../url-examples';

const KEY = '[A-Z][A-Z0-9_]*-\\d+';
const keyAtEnd = new RegExp(`/(${KEY})/?$`);
const selectedIssue = (url: URL): string | undefined => url.searchParams.get('selectedIssue')?.match(new RegExp(`^${KEY}$`))?.[0];

export const isBrowsePage = (url: URL): boolean => new RegExp(`^(/[\\w.-]+)*/browse/${KEY}/?$`).test(url.pathname);
examples('jira', 'isBrowsePage', isBrowsePage, [
  'https://acme.atlassian.net/browse/OPS-12',
  'https://jira.corp.example/browse/HELP-7',
  'https://intranet.example.cn/jira/browse/IT_DESK-2048',
]);

export const hasSelectedIssue = (url: URL): boolean => selectedIssue(url) !== undefined;
examples('jira', 'hasSelectedIssue', hasSelectedIssue, [
  'https://acme.atlassian.net/jira/software/projects/ABC/boards/1?selectedIssue=DEF-2',
  'https://acme.atlassian.net/jira/software/c/projects/OPS/boards/3/backlog?selectedIssue=OPS-12',
  'https://jira.corp.example/secure/RapidBoard.jspa?rapidView=5&selectedIssue=HELP-7',
]);

export const isSoftwareIssuePage = (url: URL): boolean => new RegExp(`^/jira/software/(c/)?projects/\\w+/issues/${KEY}/?$`).test(url.pathname);
examples('jira', 'isSoftwareIssuePage', isSoftwareIssuePage, [
  'https://acme.atlassian.net/jira/software/projects/OPS/issues/OPS-12',
  'https://acme.atlassian.net/jira/software/c/projects/OPS/issues/OPS-12',
]);

export const isQueueIssuePage = (url: URL): boolean => new RegExp(`^/jira/servicedesk/projects/\\w+/queues/.+/${KEY}/?$`).test(url.pathname);
examples('jira', 'isQueueIssuePage', isQueueIssuePage, [
  'https://acme.atlassian.net/jira/servicedesk/projects/ITS/queues/custom/7/ITS-301',
  'https://acme.atlassian.net/jira/servicedesk/projects/ITS/queues/issue/ITS-301',
]);

export const isPortalRequestPage = (url: URL): boolean => new RegExp(`^(/[\\w.-]+)*/servicedesk/customer/portal/\\d+/${KEY}/?$`).test(url.pathname);
examples('jira', 'isPortalRequestPage', isPortalRequestPage, [
  'https://acme.atlassian.net/servicedesk/customer/portal/2/ITS-301',
  'https://jira.corp.example/jira/servicedesk/customer/portal/1/HELP-9',
]);

nonTickets('jira', [
  'https://acme.atlassian.net/issues/?jql=project%20%3D%20OPS',
  'https://acme.atlassian.net/jira/software/projects/ABC/boards/1',
  'https://acme.atlassian.net/jira/software/c/projects/OPS/boards/3/backlog',
  'https://acme.atlassian.net/jira/software/projects/OPS/issues',
  'https://acme.atlassian.net/jira/servicedesk/projects/ITS/queues/custom/7',
  'https://acme.atlassian.net/servicedesk/customer/portal/2',
  'https://acme.atlassian.net/servicedesk/customer/portal/2/create/10',
  'https://acme.atlassian.net/browse/OPS',
  'https://acme.atlassian.net/jira/your-work',
  'https://jira.corp.example/secure/CreateIssue!default.jspa',
  'https://jira.corp.example/secure/RapidBoard.jspa?rapidView=5',
]);

/**
 * The issue a Jira URL shows, or undefined. The open issue of a board (`?selectedIssue=`) wins
 * over whatever project the path names.
 */
export function jiraKeyFromUrl(url: URL): string | undefined {
  const selected = selectedIssue(url);
  if (selected) return selected;
  const onIssuePage = isBrowsePage(url) || isSoftwareIssuePage(url) || isQueueIssuePage(url) || isPortalRequestPage(url);
  return onIssuePage ? url.pathname.match(keyAtEnd)?.[1] : undefined;
}

/** The Data Center context path a page URL shows (`/jira` in `/jira/browse/OPS-1`), if any. */
/** URL-only: can this page be a Jira ticket (utils/trackers/may-be-ticket.ts)? */
export const isJiraTicketUrl = (url: URL): boolean => jiraKeyFromUrl(url) !== undefined;

export function contextPathFromUrl(url: URL): string {
  return url.pathname.match(/^((?:\/[\w.-]+)*?)\/(?:browse|secure|servicedesk)\//)?.[1] ?? '';
}
