import { describe, expect, it } from 'vitest';
import { isProjectMatch, matchService, resolveSlaContext } from '../../../utils/catalogue/services';
import type { Ticket } from '../../../utils/contracts/schema';
import { exampleConfig as config, makeTicket as ticket } from '../sla/fixtures';

describe('matchService (config/example.json)', () => {
  it.each([
    ['Jira project IT on acme', { project: 'IT' }, 'it-helpdesk'],
    ['Jira project it, lower case', { project: 'it' }, 'it-helpdesk'],
    ['Jira label it-support on another host', { origin: 'https://other.atlassian.net', project: 'HR', labels: ['it-support'] }, 'it-helpdesk'],
    ['label compared case-insensitively', { origin: 'https://other.atlassian.net', labels: ['IT-Support'] }, 'it-helpdesk'],
    ['GitHub repo by prefix', { tracker: 'github', origin: 'https://github.com', project: 'acme/platform-api' }, 'platform'],
    ['GitHub repo exactly the prefix', { tracker: 'github', origin: 'https://github.com', project: 'acme/platform' }, 'platform'],
    ['GitHub label platform', { tracker: 'github', origin: 'https://github.com', project: 'acme/web', labels: ['bug', 'platform'] }, 'platform'],
    ['GitLab access requests', { tracker: 'gitlab', origin: 'https://gitlab.com', project: 'data/access-requests' }, 'data-access'],
    ['label data-access on any tracker', { tracker: 'github', origin: 'https://github.com', labels: ['data-access'] }, 'data-access'],
    ['component Security (any of)', { project: 'OPS', components: ['Backend', 'security'] }, 'security-review'],
    ['project SEC', { origin: 'https://x.atlassian.net', project: 'SEC' }, 'security-review'],
    ['first match wins: IT project with security label', { project: 'IT', labels: ['security-review'] }, 'it-helpdesk'],
  ])('%s', (_name, fields, expected) => {
    expect(matchService(ticket(fields as Partial<Ticket>), config.services)?.id).toBe(expected);
  });

  it.each([
    ['unknown project', { project: 'OPS' }],
    ['no project at all', {}],
    ['prefix rule on the wrong tracker', { tracker: 'gitlab', origin: 'https://gitlab.com', project: 'acme/platform-api' }],
    ['IT project on another origin', { origin: 'https://other.atlassian.net', project: 'IT' }],
    ['label it-support but on GitHub', { tracker: 'github', origin: 'https://github.com', labels: ['it-support'] }],
    ['project SECURITY is not SEC (no implicit prefix)', { project: 'SECURITY' }],
  ])('no service: %s', (_name, fields) => {
    expect(matchService(ticket(fields as Partial<Ticket>), config.services)).toBeUndefined();
  });

  it('a service without rules never matches, and an empty rule matches everything', () => {
    const services = config.services.map((s) => ({ ...s, match: [] }));
    expect(matchService(ticket({ project: 'IT' }), services)).toBeUndefined();
    const catchAll = [{ ...config.services[0]!, id: 'all', match: [{}] }];
    expect(matchService(ticket({}), catchAll)?.id).toBe('all');
  });

  it.each([
    ['acme/*', 'ACME/web', true],
    ['acme/*', 'acmex/web', false],
    ['IT', 'IT2', false],
    ['*', 'anything', true],
    ['IT', undefined, false],
  ])('isProjectMatch(%s, %s) = %s', (pattern, project, expected) => {
    expect(isProjectMatch(pattern, project)).toBe(expected);
  });
});

describe('resolveSlaContext', () => {
  it('names the policy and the service calendar', () => {
    const context = resolveSlaContext(ticket({ project: 'IT' }), config);
    expect(context.service?.id).toBe('it-helpdesk');
    expect(context.policy?.id).toBe('standard-cn');
    expect(context.calendar?.id).toBe('cn-mainland-2026');
  });

  it('falls back to the policy calendar when the service names none', () => {
    const services = config.services.map((s) => ({ ...s, calendarId: undefined }));
    const context = resolveSlaContext(ticket({ tracker: 'github', origin: 'https://github.com', project: 'acme/platform' }), { ...config, services });
    expect(context.policy?.id).toBe('standard-us');
    expect(context.calendar?.id).toBe('us-2026');
  });

  it('the service calendar wins over the policy calendar', () => {
    const services = config.services.map((s) => ({ ...s, calendarId: 'always-on' }));
    expect(resolveSlaContext(ticket({ project: 'IT' }), { ...config, services }).calendar?.id).toBe('always-on');
  });

  it('is empty when no service matches, and has no policy when the service names an unknown one', () => {
    expect(resolveSlaContext(ticket({ project: 'NOPE' }), config)).toEqual({});
    const services = config.services.map((s) => ({ ...s, policyId: 'missing', calendarId: undefined }));
    const context = resolveSlaContext(ticket({ project: 'IT' }), { ...config, services });
    expect(context.service?.id).toBe('it-helpdesk');
    expect(context.policy).toBeUndefined();
    expect(context.calendar).toBeUndefined();
  });
});
