import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkCandidate, draftFromUrl, guessJiraContextPath } from '../../../components/options/AddTrackerForm';
import { checkLocalConfig } from '../../../components/options/local-config';
import { validateBackendUrl } from '../../../components/options/BackendSection';

describe('guessJiraContextPath', () => {
  it.each([
    ['', ''],
    ['/browse/OPS-1', ''],
    ['/jira/browse/OPS-1', '/jira'],
    ['/tools/jira/secure/Dashboard.jspa', '/tools/jira'],
    ['/jira', '/jira'],
    ['/jira/some/unknown/page', ''],
  ])('%j → %j', (path, expected) => {
    expect(guessJiraContextPath(path)).toBe(expected);
  });
});

describe('checkCandidate', () => {
  it('keeps only the origin and takes the Jira context path from the page address', () => {
    expect(checkCandidate(draftFromUrl('https://jira.example.com/jira/browse/OPS-1'), [])).toEqual({ ok: true, tracker: { origin: 'https://jira.example.com', type: 'jira', contextPath: '/jira' } });
  });

  it('a typed context path wins over the guess', () => {
    const draft = { ...draftFromUrl('https://jira.example.com/jira/browse/OPS-1'), contextPath: '/other/' };
    expect(checkCandidate(draft, [])).toMatchObject({ ok: true, tracker: { contextPath: '/other' } });
  });

  it.each([
    ['jira.example.com', [], { ok: true }],
    ['https://jira.example.com', ['https://jira.example.com'], { ok: false, errors: { url: expect.stringMatching(/already in your list/) } }],
    ['https://acme.atlassian.net', [], { ok: false, errors: { url: expect.stringMatching(/built in/) } }],
    ['http://', [], { ok: false, errors: { url: expect.stringMatching(/not a web address/) } }],
  ])('%s (existing %j)', (url, existing, expected) => {
    expect(checkCandidate(draftFromUrl(url), existing)).toMatchObject(expected);
  });

  it('a generic tracker without title and status selectors is refused on those fields', () => {
    const draft = { ...draftFromUrl('https://x.example.com'), type: 'generic' as const, pathPattern: '/t/(?<key>\\d+)' };
    const result = checkCandidate(draft, []);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['selectors.status', 'selectors.title']);
  });
});

describe('checkLocalConfig', () => {
  const example = readFileSync('config/example.json', 'utf8');

  it.each([
    ['', true, []],
    [example, true, []],
    ['{"services":[{"id":"a","name":"A","policyId":"missing"}]}', false, ['services.0.policyId']],
    ['{"policies":[{"id":"p","name":"P","calendarId":"c","goals":{"resolution":{"default":-5}}}]}', false, ['policies.0.goals.resolution.default']],
    ['[1,2', false, ['(JSON)']],
  ])('%#: ok=%s, problems at %j', (text, ok, paths) => {
    const result = checkLocalConfig(text);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.problems.map((problem) => problem.path)).toEqual(paths);
  });
});

describe('validateBackendUrl', () => {
  it.each([
    ['', { ok: true, url: undefined, origin: undefined }],
    ['https://feedback.example.com/base', { ok: true, url: 'https://feedback.example.com/base', origin: 'https://feedback.example.com' }],
    ['http://127.0.0.1:8787', { ok: true, url: 'http://127.0.0.1:8787', origin: 'http://127.0.0.1:8787' }],
    ['feedback.example.com', { ok: false }],
    ['ftp://feedback.example.com', { ok: false }],
  ])('%j', (input, expected) => {
    expect(validateBackendUrl(input)).toMatchObject(expected);
  });
});
