/**
 * Ready-made rules for in-house trackers the options page can offer. A preset fills a `generic`
 * CustomTracker; the user only adds the origin. Each pattern is matched against path + query.
 */
import type { CustomTracker } from '../../contracts/schema';

export type GenericRules = Omit<Extract<CustomTracker, { type: 'generic' }>, 'origin' | 'type'>;

export const GENERIC_PRESETS = {
  redmine: {
    name: 'Redmine',
    preset: 'redmine',
    // `/issues/123`, optionally under one mount path such as `/redmine`.
    pathPattern: '^(?:/[\\w.-]+)?/issues/(?<key>\\d+)/?(?:\\?.*)?$',
    selectors: {
      title: 'div.issue div.subject h3',
      status: 'div.issue .status.attribute .value, div.issue td.status',
      priority: 'div.issue .priority.attribute .value, div.issue td.priority',
      assignee: 'div.issue .assigned-to.attribute .value, div.issue td.assigned-to',
      reporter: 'div.issue p.author a.user',
      createdAt: 'div.issue p.author a[title]',
      viewer: '#loggedas a',
    },
    resolvedStatuses: ['Resolved', 'Closed', 'Rejected', '已解决', '已关闭', '已拒绝'],
  },
  zentao: {
    name: 'ZenTao (禅道)',
    preset: 'zentao',
    // `bug-view-123.html` (path-info URLs) or `index.php?m=bug&f=view&bugID=123` (query URLs).
    pathPattern: '^(?:/[\\w.-]+)*/(?:bug-view-|index\\.php\\?m=bug&f=view&bugID=)(?<key>\\d+)(?:\\.html)?(?:[?&].*)?$',
    selectors: {
      title: '#mainMenu .page-title .text',
      status: '#legendBasicInfo span.status-bug',
      priority: '#legendBasicInfo span.label-pri',
      assignee: '#legendBasicInfo .assignedTo',
      // The "life" table's first row: 由谁创建 | "admin 于 2026-11-26 10:00:00".
      createdAt: '#legendLife tr:first-child td',
      viewer: '#userNav .user-name',
    },
    resolvedStatuses: ['已解决', '已关闭', 'Resolved', 'Closed'],
  },
} as const satisfies Record<NonNullable<GenericRules['preset']>, GenericRules>;
