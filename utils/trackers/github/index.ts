/** GitHub issues and pull requests on github.com; Enterprise origins come as configured trackers. */
import { queryFirst } from '../dom';
import type { TrackerAdapter } from '../types';
import { isGitHubTicketUrl } from './urls';
import { readGitHubPage } from './read';
import { githubSelectors, type GitHubSelectorName } from './selectors';

export const githubAdapter: TrackerAdapter<GitHubSelectorName> = {
  type: 'github',
  isBuiltInHost: (url) => url.protocol === 'https:' && url.hostname === 'github.com',
  isTicketUrl: isGitHubTicketUrl,
  selectors: githubSelectors,
  read: readGitHubPage,
  findMountAnchor: (_ticket, doc, selectors = githubSelectors) => queryFirst(doc, selectors.statusAnchor),
};
