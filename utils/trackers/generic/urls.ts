/**
 * A generic tracker's only URL rule is its `pathPattern`. The presets' patterns are listed here
 * with their example URLs so they are cross-checked against every other tracker.
 */
import type { CustomTracker } from '../../contracts/schema';
import { examples, nonTickets } from '../url-examples';
import { GENERIC_PRESETS } from './presets';

/**
 * The `key` group of the pattern over path + query, or undefined (also for a broken pattern); a
 * `prefix` group that matched goes before it (`story-45`), so one tracker's kinds of ticket that
 * number separately (ZenTao bugs, stories, tasks) never share a key.
 */
export function keyFromPattern(pathPattern: string, url: URL): string | undefined {
  try {
    const groups = new RegExp(pathPattern).exec(url.pathname + url.search)?.groups;
    if (!groups?.key) return undefined;
    return groups.prefix ? `${groups.prefix}-${groups.key}` : groups.key;
  } catch {
    return undefined;
  }
}

/** URL-only: can this page be a ticket of this configured rule-based tracker (utils/trackers/may-be-ticket.ts)? */
export const isGenericTicketUrl = (url: URL, tracker?: CustomTracker): boolean => tracker?.type === 'generic' && keyFromPattern(tracker.pathPattern, url) !== undefined;

export const isRedmineIssuePage = (url: URL): boolean => keyFromPattern(GENERIC_PRESETS.redmine.pathPattern, url) !== undefined;
examples('generic', 'isRedmineIssuePage', isRedmineIssuePage, [
  'https://redmine.example.org/issues/4711',
  'https://intranet.example.org/redmine/issues/12?tab=history',
]);

export const isZentaoTicketPage = (url: URL): boolean => keyFromPattern(GENERIC_PRESETS.zentao.pathPattern, url) !== undefined;
examples('generic', 'isZentaoTicketPage', isZentaoTicketPage, [
  'https://pm.example.cn/zentao/bug-view-123.html',
  'https://pm.example.cn/bug-view-123.html',
  'https://pm.example.cn/zentao/index.php?m=bug&f=view&bugID=123',
  'https://pm.example.cn/zentao/story-view-45.html',
  'https://pm.example.cn/zentao/story-view-45-2.html',
  'https://pm.example.cn/zentao/index.php?m=story&f=view&storyID=45&version=2',
  'https://pm.example.cn/zentao/task-view-7.html',
  'https://pm.example.cn/zentao/index.php?m=task&f=view&taskID=7',
]);

nonTickets('generic', [
  'https://redmine.example.org/issues',
  'https://redmine.example.org/issues/new',
  'https://redmine.example.org/projects/helpdesk/issues',
  'https://redmine.example.org/issues/4711.json',
  'https://pm.example.cn/zentao/bug-browse-3.html',
  'https://pm.example.cn/zentao/bug-create-3.html',
  'https://pm.example.cn/zentao/index.php?m=bug&f=browse&productID=3',
  'https://pm.example.cn/zentao/story-create-3.html',
  'https://pm.example.cn/zentao/task-edit-7.html',
  'https://pm.example.cn/zentao/index.php?m=task&f=edit&taskID=7',
]);
