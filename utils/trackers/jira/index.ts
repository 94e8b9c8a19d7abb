/** Jira Cloud (`*.atlassian.net`) and, as a configured tracker, Jira Server / Data Center. */
import { queryFirst } from '../dom';
import type { TrackerAdapter } from '../types';
import { isJiraTicketUrl } from './urls';
import { readJiraPage } from './read';
import { enrichJiraTicket } from './rest';
import { jiraSelectors, type JiraSelectorName } from './selectors';

export const jiraAdapter: TrackerAdapter<JiraSelectorName> = {
  type: 'jira',
  isBuiltInHost: (url) => url.protocol === 'https:' && url.hostname.endsWith('.atlassian.net'),
  isTicketUrl: isJiraTicketUrl,
  selectors: jiraSelectors,
  read: readJiraPage,
  findMountAnchor: (_ticket, doc, selectors = jiraSelectors) => queryFirst(doc, selectors.statusAnchor),
  enrich: enrichJiraTicket,
};
