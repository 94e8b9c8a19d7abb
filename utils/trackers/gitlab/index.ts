/** GitLab issues, work items and merge requests on gitlab.com; self-managed origins come as configured trackers. */
import { queryFirst } from '../dom';
import type { TrackerAdapter } from '../types';
import { isGitLabTicketUrl } from './urls';
import { readGitLabPage } from './read';
import { enrichGitLabTicket } from './rest';
import { gitlabSelectors, type GitLabSelectorName } from './selectors';

export const gitlabAdapter: TrackerAdapter<GitLabSelectorName> = {
  type: 'gitlab',
  isBuiltInHost: (url) => url.protocol === 'https:' && url.hostname === 'gitlab.com',
  isTicketUrl: isGitLabTicketUrl,
  selectors: gitlabSelectors,
  read: readGitLabPage,
  findMountAnchor: (_ticket, doc, selectors = gitlabSelectors) => queryFirst(doc, selectors.statusAnchor),
  enrich: enrichGitLabTicket,
};
