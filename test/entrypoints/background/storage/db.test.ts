import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_NAME, DB_VERSION, openFeedbackDb, readAllRatings, readAllTickets, readCorruptReports, readRatingForTicket, readTicket } from '../../../../entrypoints/background/storage/db';
import { outboxStatus } from '../../../../entrypoints/background/outbox/outbox';
import { pruneLocalData } from '../../../../entrypoints/background/storage/retention';

const ticketRecord = {
  url: 'https://github.com/acme/platform/issues/7',
  ticket: { tracker: 'github', origin: 'https://github.com', key: 'acme/platform#7', kind: 'issue', url: 'https://github.com/acme/platform/issues/7', resolved: true, labels: [], components: [] },
  firstSeenAt: '2026-11-01T00:00:00.000Z',
  seenAt: '2026-11-01T00:00:00.000Z',
};

/** A rating as version 2 stored it: no syncedAt. */
function storedRating(n: number, syncState: string, updatedAt: string) {
  const ticketUrl = `https://github.com/acme/platform/issues/${n}`;
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id,
    ticketUrl,
    rating: { id, ticketKey: `acme/platform#${n}`, ticketUrl, tracker: 'github', origin: 'https://github.com', overall: 4, tags: ['fast'], comment: 'Thanks!', ratedAt: updatedAt },
    syncState,
    attempts: 0,
    nextAttemptAt: 0,
    updatedAt,
    revision: 0,
    ...(syncState === 'rejected' ? { lastError: 'ticketKey: too long' } : {}),
  };
}

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

  it('upgrades a version 3 database to 4: a replies store indexed by ticket, ratings and tickets untouched', async () => {
    const v3 = await openFeedbackDb(3);
    await v3.put('tickets', ticketRecord as never);
    const rating = storedRating(1, 'synced', '2026-11-20T10:00:00.000Z');
    await v3.put('ratings', { ...rating, syncedAt: rating.updatedAt } as never);
    v3.close();

    const db = await openFeedbackDb();
    expect(db.version).toBe(4);
    expect(db.transaction('replies').store.indexNames.contains('ticketUrl')).toBe(true);
    expect(await readAllRatings(db)).toEqual([{ ...rating, syncedAt: rating.updatedAt }]);
    expect((await readTicket(db, ticketRecord.url))?.ticket.key).toBe('acme/platform#7');
    db.close();
  });

  it('upgrades a version 2 database with ratings in it: synced ones learn when, nothing else changes', async () => {
    const v2 = await openFeedbackDb(2);
    await v2.put('tickets', ticketRecord as never);
    const stored = [
      storedRating(1, 'synced', '2026-03-01T10:00:00.000Z'),
      storedRating(2, 'waiting', '2026-03-02T10:00:00.000Z'),
      storedRating(3, 'rejected', '2026-03-03T10:00:00.000Z'),
      storedRating(4, 'synced', '2026-11-20T10:00:00.000Z'),
    ];
    for (const record of stored) await v2.put('ratings', record as never);
    v2.close();

    const db = await openFeedbackDb(3);
    expect(db.version).toBe(3);
    expect([...db.objectStoreNames]).toContain('ratedTickets');
    // Only synced records carry syncedAt (their last update: when they were settled), so only they are indexed.
    expect(await db.getAllKeysFromIndex('ratings', 'syncedAt')).toEqual([stored[0]!.id, stored[3]!.id]);
    const byId = new Map((await readAllRatings(db)).map((record) => [record.id, record]));
    expect(byId.get(stored[0]!.id)).toEqual({ ...stored[0], syncedAt: stored[0]!.updatedAt });
    expect(byId.get(stored[1]!.id)).toEqual(stored[1]);
    expect(byId.get(stored[2]!.id)).toEqual(stored[2]);
    expect(await readCorruptReports(db)).toEqual([]);
    expect((await outboxStatus(db, true)).counts).toEqual({ waiting: 1, syncing: 0, synced: 2, rejected: 1, auth: 0 });

    // The migrated data is what retention works on: the old synced rating is compacted, the rest stays.
    const result = await pruneLocalData(db, { now: new Date('2026-12-01T00:00:00.000Z'), historyDays: 3650, ratingWindowDays: 28 });
    expect(result).toMatchObject({ ratingsCompacted: 1 });
    expect((await readAllRatings(db)).map((record) => record.id).sort()).toEqual([stored[1]!.id, stored[2]!.id, stored[3]!.id].sort());
    expect(await readRatingForTicket(db, stored[0]!.ticketUrl)).toMatchObject({ id: stored[0]!.id, syncState: 'synced', rating: { overall: 4 } });
    expect((await outboxStatus(db, true)).counts).toEqual({ waiting: 1, syncing: 0, synced: 2, rejected: 1, auth: 0 });
    db.close();
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
    expect([...raw.objectStoreNames].sort()).toEqual(['dismissals', 'meta', 'ratedTickets', 'ratings', 'replies', 'tickets']);
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
