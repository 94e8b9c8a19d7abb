// POST /v1/ratings against the real server and SQLite file: valid, duplicate, edited, invalid, limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RatingsResponse } from '../../../utils/contracts/schema';
import { ADMIN, INGEST, bearer, makeRating, postRatings, queryRows, startTestServer, type TestServer } from '../helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
});

const rowsWithId = (id: string) => queryRows(server.database, 'SELECT * FROM ratings WHERE id = ?', id);

async function post(ratings: unknown[], token = INGEST) {
  const response = await postRatings(server, ratings, token);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('valid and duplicate ratings', () => {
  it('stores a batch and answers the RatingsResponse shape', async () => {
    const batch = [makeRating({ comment: 'quick fix', communication: 5, tags: ['fast'] }), makeRating(), makeRating({ slaMet: false })];
    const { status, body } = await post(batch);
    expect(status).toBe(200);
    expect(RatingsResponse.parse(body)).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const [stored] = await rowsWithId(batch[0]!.id);
    expect(stored).toMatchObject({ comment: 'quick fix', communication: 5, tags: '["fast"]', overall: 4, sla_met: null });
    expect((await rowsWithId(batch[2]!.id))[0]).toMatchObject({ sla_met: 0 });
  });

  it('counts the same ids again as duplicates, without a second row', async () => {
    const batch = [makeRating(), makeRating()];
    await post(batch);
    const { body } = await post(batch);
    expect(body).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    const [{ count }] = (await queryRows(server.database, 'SELECT COUNT(*) AS count FROM ratings WHERE id IN (?, ?)', batch[0]!.id, batch[1]!.id)) as [{ count: number }];
    expect(count).toBe(2);
  });

  it('treats a repeated id inside one batch as a duplicate', async () => {
    const rating = makeRating();
    expect((await post([rating, rating])).body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
  });

  it('accepts the admin token too', async () => {
    expect((await post([makeRating()], ADMIN)).body).toMatchObject({ accepted: 1 });
  });
});

describe('edited ratings', () => {
  it('replaces the row when the same id comes with a newer ratedAt', async () => {
    const original = makeRating({ overall: 2, comment: 'slow', ratedAt: '2026-03-02T09:00:00.000Z' });
    await post([original]);
    const edit = { ...original, overall: 5, comment: 'sorted out after all', ratedAt: '2026-03-03T09:00:00.000Z' };
    expect((await post([edit])).body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const rows = await rowsWithId(original.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ overall: 5, comment: 'sorted out after all', rated_at: '2026-03-03T09:00:00.000Z' });
  });

  it.each([['older', '2026-03-01T09:00:00.000Z']])('ignores a re-send with an %s ratedAt (duplicate, row unchanged)', async (_label, ratedAt) => {
    const original = makeRating({ overall: 3, ratedAt: '2026-03-02T09:00:00.000Z' });
    await post([original]);
    expect((await post([{ ...original, overall: 1, ratedAt }])).body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect((await rowsWithId(original.id))[0]).toMatchObject({ overall: 3, rated_at: '2026-03-02T09:00:00.000Z' });
  });

  it('refuses an "edit" by another rater and keeps the original', async () => {
    const original = makeRating({ overall: 5, rater: 'alice' });
    await post([original]);
    const { body } = await post([{ ...original, rater: 'mallory', overall: 1, ratedAt: '2026-04-01T00:00:00.000Z' }]);
    expect(body).toEqual({ accepted: 0, duplicates: 0, rejected: [{ id: original.id, error: expect.stringMatching(/^id: /) }] });
    expect((await rowsWithId(original.id))[0]).toMatchObject({ overall: 5, rater: 'alice' });
  });
});

describe('invalid ratings are rejected one by one, naming the field', () => {
  const long = (length: number) => 'x'.repeat(length);
  it.each<[string, unknown]>([
    ['id', 'not-a-uuid'],
    ['ticketKey', ''],
    ['ticketUrl', 'not a url'],
    ['tracker', 'trello'],
    ['origin', 42],
    ['serviceId', long(201)],
    ['ticketTitle', long(1001)],
    ['overall', 6],
    ['communication', 0],
    ['understanding', 2.5],
    ['proactiveness', '5'],
    ['tags', ['fine', '']],
    ['comment', long(2001)],
    ['rater', long(201)],
    ['ratedAt', 'yesterday'],
    ['resolvedAt', '2026-13-01T00:00:00Z'],
    ['slaMet', 'yes'],
  ])('%s = %j', async (field, bad) => {
    const good = makeRating();
    const broken = { ...makeRating(), [field]: bad };
    const { status, body } = await post([good, broken]);
    expect(status).toBe(200);
    expect(body.accepted).toBe(1);
    const rejected = body.rejected as { id: string; error: string }[];
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.id).toBe(field === 'id' ? 'not-a-uuid' : broken.id);
    expect(rejected[0]!.error).toMatch(new RegExp(`^${field}(\\[\\d+\\])?: `));
    expect(await rowsWithId(good.id)).toHaveLength(1);
    if (field !== 'id') expect(await rowsWithId(broken.id)).toHaveLength(0);
  });

  it.each(['id', 'ticketKey', 'ticketUrl', 'tracker', 'origin', 'overall', 'ratedAt'])('missing required %s', async (field) => {
    const broken: Record<string, unknown> = makeRating();
    delete broken[field];
    const { body } = await post([broken]);
    expect(body.accepted).toBe(0);
    expect((body.rejected as { error: string }[])[0]!.error).toContain(`${field}: `);
  });

  it('names a rating without a usable id by its position', async () => {
    const { body } = await post([makeRating(), 'not an object']);
    expect(body.rejected).toEqual([{ id: 'ratings[1]', error: expect.stringContaining('(root)') }]);
  });
});

describe('bodies that are not a ratings request', () => {
  it.each<[string, string, RegExp]>([
    ['malformed JSON', '{"ratings": [', /^body: /],
    ['a JSON array', '[]', /^ratings: /],
    ['no ratings field', '{"rating": []}', /^ratings: /],
    ['ratings not an array', '{"ratings": "many"}', /^ratings: /],
    ['an empty batch', '{"ratings": []}', /^ratings: /],
  ])('%s → 400 naming the field', async (_label, body, message) => {
    const response = await fetch(`${server.url}/v1/ratings`, { method: 'POST', headers: bearer(INGEST), body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
  });

  it('refuses more than 500 ratings in one request and stores none of them', async () => {
    const batch = Array.from({ length: 501 }, () => makeRating());
    const response = await postRatings(server, batch);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^ratings: at most 500/);
    expect(await rowsWithId(batch[0]!.id)).toHaveLength(0);
  });

  it('accepts exactly 500', async () => {
    const response = await postRatings(server, Array.from({ length: 500 }, () => makeRating()));
    expect(await response.json()).toEqual({ accepted: 500, duplicates: 0, rejected: [] });
  });

  it('answers 413 for a body over 1 MB', async () => {
    const rating = makeRating({ comment: 'x'.repeat(1024 * 1024) });
    const response = await postRatings(server, [rating]);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toMatch(/^body: /);
    expect(await rowsWithId(rating.id)).toHaveLength(0);
  });
});

describe('ids, bounds and conflicts (issue 12)', () => {
  it('treats an upper-case id as the same rating and stores it lower-cased', async () => {
    const rating = makeRating();
    const upper = rating.id.toUpperCase();
    expect((await post([{ ...rating, id: upper }])).body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await post([rating])).body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect(await rowsWithId(rating.id)).toHaveLength(1);
    expect(await rowsWithId(upper)).toHaveLength(0);
  });

  it('counts the same id twice in one batch once, and names a differing copy in conflicts', async () => {
    const rating = makeRating({ overall: 2 });
    const later = { ...rating, id: rating.id.toUpperCase(), overall: 5, ratedAt: '2026-03-05T09:00:00.000Z' };
    const { body } = await post([rating, later]);
    expect(body).toEqual({ accepted: 1, duplicates: 1, rejected: [], conflicts: [{ id: rating.id, error: expect.stringMatching(/^id: repeated in this batch/) }] });
    expect((await rowsWithId(rating.id))[0]).toMatchObject({ overall: 2 });
  });

  it('reports an equal ratedAt with different content as a conflict and keeps the stored row', async () => {
    const rating = makeRating({ overall: 4 });
    await post([rating]);
    const { body } = await post([{ ...rating, overall: 1 }]);
    expect(body).toEqual({ accepted: 0, duplicates: 1, rejected: [], conflicts: [{ id: rating.id, error: expect.stringMatching(/^ratedAt: /) }] });
    expect((await rowsWithId(rating.id))[0]).toMatchObject({ overall: 4 });
  });

  const inOneDay = () => new Date(Date.now() + 25 * 60 * 60 * 1000).toISOString();
  it.each<[string, string | (() => string)]>([
    ['ratedAt', '9999-12-31T00:00:00.000Z'],
    ['ratedAt', '1999-12-31T23:59:59.000Z'],
    ['ratedAt', inOneDay],
    ['resolvedAt', '9999-12-31T00:00:00.000Z'],
    ['resolvedAt', '1970-01-01T00:00:00.000Z'],
  ])('rejects %s = %s (outside 2000-01-01 … now + 1 day)', async (field, value) => {
    const rating = makeRating({ [field]: typeof value === 'function' ? value() : value });
    const { body } = await post([rating]);
    expect(body).toEqual({ accepted: 0, duplicates: 0, rejected: [{ id: rating.id, error: expect.stringMatching(new RegExp(`^${field}: must be between 2000-01-01`)) }] });
    expect(await rowsWithId(rating.id)).toHaveLength(0);
  });

  it.each([
    ['ticketUrl', 'javascript:alert(1)'],
    ['ticketUrl', 'data:text/html,<b>x</b>'],
    ['origin', 'file:///etc/passwd'],
  ])('rejects %s = %s (http and https only)', async (field, value) => {
    const rating = makeRating({ [field]: value });
    const { body } = await post([rating]);
    expect((body.rejected as { error: string }[])[0]!.error).toMatch(new RegExp(`^${field}: `));
    expect(await rowsWithId(rating.id)).toHaveLength(0);
  });
});

describe('encodings and content types (issue 12)', () => {
  const send = (body: BodyInit, contentType: string) =>
    fetch(`${server.url}/v1/ratings`, { method: 'POST', headers: { ...bearer(INGEST), 'Content-Type': contentType }, body });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])('answers 415 to %s and stores nothing', async (type) => {
    const rating = makeRating();
    const response = await send(JSON.stringify({ ratings: [rating] }), type);
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: string }).error).toMatch(/^content-type: /);
    expect(await rowsWithId(rating.id)).toHaveLength(0);
  });

  it('accepts application/json with a charset', async () => {
    const response = await send(JSON.stringify({ ratings: [makeRating()] }), 'application/json; charset=utf-8');
    expect(response.status).toBe(200);
  });

  it('answers 400 naming the field for invalid UTF-8 bytes', async () => {
    const rating = makeRating({ comment: 'MARK' });
    const text = Buffer.from(JSON.stringify({ ratings: [rating] }), 'utf8');
    const at = text.indexOf('MARK');
    text[at] = 0xff; // never valid in UTF-8
    const response = await send(new Uint8Array(text), 'application/json');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'ratings[0].comment: not valid UTF-8' });
    expect(await rowsWithId(rating.id)).toHaveLength(0);
  });

  it('answers 400 naming the field for a lone surrogate', async () => {
    const rating = makeRating();
    const body = JSON.stringify({ ratings: [{ ...rating, ticketTitle: 'PLACEHOLDER' }] }).replace('PLACEHOLDER', 'half \\ud83d here');
    const response = await send(body, 'application/json');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^ratings\[0\]\.ticketTitle: .*surrogate/);
    expect(await rowsWithId(rating.id)).toHaveLength(0);
  });

  it('answers every over-limit body with a readable 413 stating the limit, never a dropped socket', async () => {
    const comment = 'x'.repeat(2000);
    const batch = Array.from({ length: 700 }, () => makeRating({ comment })); // about 1.7 MB
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await postRatings(server, batch);
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: string }).error).toMatch(/^body: .*limit of 1048576 bytes/);
    }
    expect(await rowsWithId(batch[0]!.id)).toHaveLength(0);
  });
});
