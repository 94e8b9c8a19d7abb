import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_NAME, DB_VERSION, openFeedbackDb, readAllRatings, readAllTickets, readCorruptReports, readTicket } from '../../utils/db';
import { outboxStatus } from '../../utils/outbox';

const ticketRecord = {
  url: 'https://github.com/acme/platform/issues/7',
  ticket: { tracker: 'github', origin: 'https://github.com', key: 'acme/platform#7', kind: 'issue', url: 'https://github.com/acme/platform/issues/7', resolved: true, labels: [], components: [] },
  firstSeenAt: '2026-11-01T00:00:00.000Z',
  seenAt: '2026-11-01T00:00:00.000Z',
};

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

describe('the service-feedback database', () => {
  it('upgrades a version 1 database step by step and keeps its data', async () => {
    const v1 = await openFeedbackDb(1);
    await v1.put('tickets', ticketRecord as never);
    expect(v1.transaction('ratings').store.indexNames.contains('syncState')).toBe(false);
    v1.close();

    const latest = await openFeedbackDb();
    expect(latest.version).toBe(DB_VERSION);
    expect(latest.transaction('ratings').store.indexNames.contains('syncState')).toBe(true);
    expect((await readTicket(latest, ticketRecord.url))?.ticket.key).toBe('acme/platform#7');
    latest.close();
  });

  it('reports a corrupt record and carries on with the valid ones', async () => {
    const db = await openFeedbackDb();
    await db.put('tickets', ticketRecord as never);
    await db.put('tickets', { url: 'https://x.example/1', ticket: { key: 42 } } as never);
    await db.put('ratings', { id: 'not-a-uuid', ticketUrl: 'https://x.example/1', syncState: 'exploded' } as never);

    expect(await readAllTickets(db)).toHaveLength(1);
    expect(await readAllRatings(db)).toEqual([]);
    const reports = await readCorruptReports(db);
    expect(reports.map((report) => [report.store, report.key])).toEqual([
      ['tickets', 'https://x.example/1'],
      ['ratings', 'not-a-uuid'],
    ]);
    expect(reports[0]?.error).toMatch(/ticket/);
    // Reported once, however often it is read.
    await readAllTickets(db);
    expect(await readCorruptReports(db)).toHaveLength(2);
    expect((await outboxStatus(db, false)).corrupt).toBe(2);
    db.close();
  });

  it('is the database the rest of the extension expects', async () => {
    (await openFeedbackDb()).close();
    const raw = await openDB(DB_NAME);
    expect([...raw.objectStoreNames].sort()).toEqual(['dismissals', 'meta', 'ratings', 'tickets']);
    raw.close();
  });
});

describe('a connection that a newer version needs', () => {
  it('steps aside and says so, so the holder reopens', async () => {
    let closed = 0;
    const old = await openFeedbackDb(DB_VERSION, () => closed++);
    const newer = await openDB(DB_NAME, DB_VERSION + 1);
    expect(closed).toBe(1);
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
    expect(() => old.transaction('tickets')).toThrow();
  });
});
