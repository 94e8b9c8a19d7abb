/**
 * Every example URL against every predicate of every tracker (github-url-detection style): a
 * URL listed under a predicate must be true for it and false for every predicate that does not
 * list it; non-ticket URLs are false everywhere.
 */
import { describe, expect, it } from 'vitest';
import { nonTicketExamples, predicateExamples } from '../../../utils/trackers/url-examples';
import '../../../utils/trackers';
import '../../../utils/trackers/generic/urls';
import { GENERIC_PRESETS } from '../../../utils/trackers/generic/presets';
import { keyFromPattern } from '../../../utils/trackers/generic/urls';
import { jiraKeyFromUrl } from '../../../utils/trackers/jira/urls';
import { gitHubRefFromUrl } from '../../../utils/trackers/github/urls';
import { gitLabRefFromUrl } from '../../../utils/trackers/gitlab/urls';

const allTicketUrls = predicateExamples.flatMap((predicate) => predicate.positives);
const allNonTicketUrls = nonTicketExamples.flatMap((list) => list.urls);

describe('URL predicates', () => {
  it('every tracker lists predicates and non-ticket pages', () => {
    const trackers = new Set(predicateExamples.map((predicate) => predicate.tracker));
    expect([...trackers].sort()).toEqual(['generic', 'github', 'gitlab', 'jira']);
    expect(new Set(nonTicketExamples.map((list) => list.tracker)).size).toBe(4);
  });

  describe.each(predicateExamples.map((predicate) => [`${predicate.tracker}.${predicate.name}`, predicate] as const))('%s', (_name, predicate) => {
    it.each(allTicketUrls)('%s', (url) => {
      expect(predicate.test(new URL(url))).toBe(predicate.positives.includes(url));
    });
    it.each(allNonTicketUrls)('is false for non-ticket %s', (url) => {
      expect(predicate.test(new URL(url))).toBe(false);
    });
  });
});

describe('keys from URLs', () => {
  it.each([
    ['https://acme.atlassian.net/browse/OPS-12', 'OPS-12'],
    ['https://acme.atlassian.net/jira/software/projects/ABC/boards/1?selectedIssue=DEF-2', 'DEF-2'],
    ['https://acme.atlassian.net/jira/software/projects/ABC/issues/ABC-9?selectedIssue=XYZ-1', 'XYZ-1'],
    ['https://acme.atlassian.net/jira/servicedesk/projects/ITS/queues/custom/7/ITS-301', 'ITS-301'],
    ['https://acme.atlassian.net/servicedesk/customer/portal/2/ITS-301', 'ITS-301'],
    ['https://intranet.example.cn/jira/browse/IT_DESK-2048', 'IT_DESK-2048'],
    ['https://acme.atlassian.net/jira/software/projects/ABC/boards/1?selectedIssue=not-a-key', undefined],
    ['https://acme.atlassian.net/browse/OPS', undefined],
  ])('Jira %s → %s', (url, key) => {
    expect(jiraKeyFromUrl(new URL(url))).toBe(key);
  });

  it.each([
    ['https://github.com/acme/platform/issues/42', { owner: 'acme', repo: 'platform', number: '42', kind: 'issue' }],
    ['https://github.com/acme/platform.js/pull/108/files', { owner: 'acme', repo: 'platform.js', number: '108', kind: 'pull' }],
    ['https://github.com/acme/platform/issues/new', undefined],
  ])('GitHub %s', (url, ref) => {
    expect(gitHubRefFromUrl(new URL(url))).toEqual(ref);
  });

  it.each([
    ['https://gitlab.com/acme/infra/tooling/-/issues/3', { project: 'acme/infra/tooling', iid: '3', kind: 'issue' }],
    ['https://gitlab.com/acme/platform/-/merge_requests/5/diffs', { project: 'acme/platform', iid: '5', kind: 'pull' }],
    ['https://gitlab.com/groups/acme/-/work_items/4', { project: 'acme', iid: '4', kind: 'issue' }],
    ['https://gitlab.com/acme/platform/-/issues/new', undefined],
  ])('GitLab %s', (url, ref) => {
    expect(gitLabRefFromUrl(new URL(url))).toEqual(ref);
  });

  it.each([
    ['https://pm.example.cn/zentao/bug-view-45.html', '45'],
    ['https://pm.example.cn/zentao/index.php?m=bug&f=view&bugID=45', '45'],
    ['https://pm.example.cn/zentao/story-view-45.html', 'story-45'],
    ['https://pm.example.cn/zentao/story-view-45-2.html', 'story-45'],
    ['https://pm.example.cn/zentao/index.php?m=story&f=view&storyID=45&version=2', 'story-45'],
    ['https://pm.example.cn/zentao/task-view-45.html', 'task-45'],
    ['https://pm.example.cn/zentao/index.php?m=task&f=view&taskID=45', 'task-45'],
    ['https://pm.example.cn/zentao/task-edit-45.html', undefined],
  ])('ZenTao %s → %s (bugs, stories and tasks number separately: never one key)', (url, key) => {
    expect(keyFromPattern(GENERIC_PRESETS.zentao.pathPattern, new URL(url))).toBe(key);
  });

  it('a configured pattern without a prefix group keeps the bare key; a broken one finds none', () => {
    expect(keyFromPattern('/tickets/(?<key>\\d+)$', new URL('https://t.example.org/tickets/9'))).toBe('9');
    expect(keyFromPattern('/tickets/(?<key>\\d+', new URL('https://t.example.org/tickets/9'))).toBeUndefined();
  });
});
