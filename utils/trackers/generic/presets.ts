/**
 * Ready-made rules for in-house trackers the options page can offer. A preset fills a `generic`
 * CustomTracker; the user only adds the origin. Each pattern is matched against path + query.
 * Each selector is one CSS selector list: the newer markup first, older versions after it (only
 * one of them exists on a page). Where the markup comes from: docs/TRACKER-NOTES.md and the
 * header of every fixture under test/fixtures/generic/.
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
      // `render_issue_subject_with_tree`: div.subject › div › h3 (the sticky header's span.subject is not it).
      title: 'div.issue div.subject h3',
      // `issue_fields_rows`: div.status.attribute › div.value; td.status on Redmine before 3.x.
      status: 'div.issue .status.attribute .value, div.issue td.status',
      priority: 'div.issue .priority.attribute .value, div.issue td.priority',
      assignee: 'div.issue .assigned-to.attribute .value a.user, div.issue .assigned-to.attribute .value, div.issue td.assigned-to',
      reporter: 'div.issue p.author a.user',
      // `authoring` → `time_tag`: a link whose title is the local time (no zone) and whose href has `from=YYYY-MM-DD`.
      createdAt: 'div.issue p.author a[title]',
      // Current Redmine: the account menu's `@login`; Redmine ≤ 6.0: `#loggedas a`.
      viewer: '#account .user-info .user-login, #loggedas a',
      // `Issue#css_classes` adds `closed` for any closed status; Redmine 6 also shows `badge-status-closed` beside the heading.
      resolved: 'div.issue.closed, span.badge-status-closed',
    },
    resolvedStatuses: ['Resolved', 'Closed', 'Rejected', '已解决', '已关闭', '已拒绝'],
  },
  zentao: {
    name: 'ZenTao (禅道)',
    preset: 'zentao',
    // Bugs keep their bare number (`bug-view-123.html`, `index.php?m=bug&f=view&bugID=123`);
    // stories and tasks number separately, so their keys are `story-45`, `task-7`.
    pathPattern:
      '^(?:/[\\w.-]+)*/(?:index\\.php\\?m=)?(?:bug|(?<prefix>story|task))(?:-view-|&f=view&(?:bug|story|task)ID=)(?<key>\\d+)(?:-\\w*)*(?:\\.html)?(?:[?&].*)?$',
    selectors: {
      // zin UI (`detail` → `entityTitle`): the object's own title, not its parent's; classic: the page title.
      title: '.detail-view .detail-header > .entity-title > .entity-title-text, #mainMenu .page-title .text',
      // zin: datalist items `bug-status` / `status-story` / `task-status` hold a `statusLabel` span.status-<code>;
      // classic: span.status-bug / status-story / status-task in the basic-info tab.
      status: [
        '.detail-side .bug-status .datalist-item-content > span',
        '.detail-side .status-story .datalist-item-content > span',
        '.detail-side .task-status .datalist-item-content > span',
        '#legendBasicInfo span.status-bug',
        '#legendBasicInfo span.status-story',
        '#legendBasic span.status-task',
      ].join(', '),
      // Classic only: the zin `priLabel` has no class that names it.
      priority: '#legendBasicInfo span.label-pri, #legendBasic span.label-pri',
      // Classic life tab, first row: 由谁创建 | "张伟 于 2026-11-26 10:00:00" (bug, task: #legendLife; story: #legendLifeTime).
      createdAt: '#legendLife tr:first-child td, #legendLifeTime tr:first-child td',
      viewer: '#userNav .user-profile-name, #userNav .user-name',
    },
    // Bug: resolved / closed; story: closed; task: done / cancel / closed.
    resolvedStatuses: ['已解决', '已关闭', '已完成', '已取消', 'Resolved', 'Closed', 'Done', 'Cancelled', 'Canceled'],
  },
} as const satisfies Record<NonNullable<GenericRules['preset']>, GenericRules>;
