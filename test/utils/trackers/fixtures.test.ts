// @vitest-environment happy-dom
/**
 * Every saved page under test/fixtures/<tracker>/ against its expected Ticket (or null), plus the
 * guard that no adapter goes without fixtures.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ticket } from '../../../utils/contracts/schema';
import { adapters, detectTicket, findMountAnchor } from '../../../utils/trackers';
import { FIXTURES_DIR, loadFixtures, parsePage } from './fixture-pages';

const fixtures = loadFixtures();

describe('fixture pages', () => {
  it.each(fixtures.map((page) => [`${page.tracker}/${page.name}`, page] as const))('%s', (_name, page) => {
    const doc = parsePage(page.html);
    const ticket = detectTicket(page.url, doc, page.options);
    expect(ticket).toEqual(page.expected);
    if (ticket) {
      expect(Ticket.parse(ticket)).toEqual(ticket);
      // Every detected ticket has a status element to mount beside.
      expect(findMountAnchor(ticket, doc, page.options)).not.toBeNull();
    }
  });

  it('counts the fixtures it ran (the report quotes this number)', () => {
    const onDisk = readdirSync(FIXTURES_DIR, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html'));
    expect(fixtures).toHaveLength(onDisk.length);
  });
});

describe('fixture guard', () => {
  it.each(Object.keys(adapters))('adapter %s has ticket and non-ticket fixtures', (tracker) => {
    const own = fixtures.filter((page) => page.tracker === tracker);
    expect(own.filter((page) => page.expected !== null).length, `${tracker}: no ticket fixtures`).toBeGreaterThan(0);
    expect(own.filter((page) => page.expected === null).length, `${tracker}: no negative fixtures`).toBeGreaterThan(0);
  });

  it.each(Object.keys(adapters))('every %s fixture page has its expected.json', (tracker) => {
    const files = readdirSync(join(FIXTURES_DIR, tracker));
    const pages = files.filter((file) => file.endsWith('.html')).map((file) => file.replace(/\.html$/, ''));
    const specs = files.filter((file) => file.endsWith('.expected.json')).map((file) => file.replace(/\.expected\.json$/, ''));
    expect(specs.sort()).toEqual(pages.sort());
  });
});
