import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CustomTracker, RemoteConfig, Service, Ticket } from '../../../utils/contracts/schema';

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

describe('services\' improvements ("you said, we did")', () => {
  const base = { id: 'it', name: 'IT' };
  const item = (n: number, fields: Record<string, unknown> = {}) => ({ id: `imp-${n}`, text: `Change ${n}`, at: '2026-11-02T08:00:00.000Z', author: { name: 'Iris' }, ...fields });

  it('keeps up to three, and none is fine', () => {
    expect(Service.parse(base).improvements).toBeUndefined();
    expect(Service.parse({ ...base, improvements: [item(1), item(2), item(3)] }).improvements).toHaveLength(3);
  });

  it.each([
    ['more than three', { improvements: [item(1), item(2), item(3), item(4)] }, ['improvements']],
    ['an empty text', { improvements: [item(1, { text: '   ' })] }, ['improvements', 0, 'text']],
    ['a text over 1000 characters', { improvements: [item(1, { text: 'x'.repeat(1001) })] }, ['improvements', 0, 'text']],
    ['a time that is not an instant', { improvements: [item(1, { at: 'yesterday' })] }, ['improvements', 0, 'at']],
    ['an author name over 200 characters', { improvements: [item(1, { author: { name: 'n'.repeat(201) } })] }, ['improvements', 0, 'author', 'name']],
  ])('refuses %s, naming the field', (_name, fields, path) => {
    const result = Service.safeParse({ ...base, ...fields });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(path);
  });
});
