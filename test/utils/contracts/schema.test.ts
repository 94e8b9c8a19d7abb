import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CustomTracker, RemoteConfig, Ticket } from '../../../utils/contracts/schema';

describe('shared schemas', () => {
  it('accepts the example configuration', () => {
    const config = RemoteConfig.parse(JSON.parse(readFileSync('config/example.json', 'utf8')));
    expect(config.services.map((service) => service.id)).toContain('it-helpdesk');
    expect(config.calendars.find((c) => c.id === 'cn-mainland-2026')?.workdays).toHaveLength(6);
  });

  it('names the bad field of a ticket', () => {
    const result = Ticket.safeParse({ tracker: 'jira', origin: 'https://a.atlassian.net', key: 'OPS-1', kind: 'issue', url: 'nope', resolved: false });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['url']);
  });

  it('refuses a generic tracker whose pattern has no key group', () => {
    const result = CustomTracker.safeParse({
      origin: 'https://redmine.example.com',
      type: 'generic',
      pathPattern: '^/issues/(\\d+)$',
      selectors: { title: 'h3', status: 'td.status' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/named group/);
  });

  it('refuses an origin with a path', () => {
    expect(CustomTracker.safeParse({ origin: 'https://jira.example.com/jira', type: 'jira' }).success).toBe(false);
  });
});

describe('selector overrides', () => {
  it('may name just one tracker', () => {
    const config = RemoteConfig.parse({ selectorOverrides: { github: { title: ['h1.title'] } } });
    expect(config.selectorOverrides?.github?.title).toEqual(['h1.title']);
  });

  it('refuses an unknown tracker type', () => {
    expect(RemoteConfig.safeParse({ selectorOverrides: { youtrack: { title: ['h1'] } } }).success).toBe(false);
  });
});
