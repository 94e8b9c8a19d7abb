/**
 * A generic tracker's only URL rule is its `pathPattern`. The presets' patterns are listed here
 * with their example URLs so they are cross-checked against every other tracker.
 */
import { examples, nonTickets } from '../url-examples';
import { GENERIC_PRESETS } from './presets';

/** The `key` group of the pattern over path + query, or undefined (also for a broken pattern). */
export function keyFromPattern(pathPattern: string, url: URL): string | undefined {
  try {
    return new RegExp(pathPattern).exec(url.pathname + url.search)?.groups?.key || undefined;
  } catch {
    return undefined;
  }
}

export const isRedmineIssuePage = (url: URL): boolean => keyFromPattern(GENERIC_PRESETS.redmine.pathPattern, url) !== undefined;
examples('generic', 'isRedmineIssuePage', isRedmineIssuePage, [
  'https://redmine.example.org/issues/4711',
  'https://intranet.example.org/redmine/issues/12?tab=history',
]);

export const isZentaoBugPage = (url: URL): boolean => keyFromPattern(GENERIC_PRESETS.zentao.pathPattern, url) !== undefined;
examples('generic', 'isZentaoBugPage', isZentaoBugPage, [
  'https://pm.example.cn/zentao/bug-view-123.html',
  'https://pm.example.cn/bug-view-123.html',
  'https://pm.example.cn/zentao/index.php?m=bug&f=view&bugID=123',
]);

nonTickets('generic', [
  'https://redmine.example.org/issues',
  'https://redmine.example.org/issues/new',
  'https://redmine.example.org/projects/helpdesk/issues',
  'https://redmine.example.org/issues/4711.json',
  'https://pm.example.cn/zentao/bug-browse-3.html',
  'https://pm.example.cn/zentao/bug-create-3.html',
  'https://pm.example.cn/zentao/index.php?m=bug&f=browse&productID=3',
]);
