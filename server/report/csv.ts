/**
 * CSV export (RFC 4180). Cells that a spreadsheet would run as a formula (starting with
 * = + - @, tab or carriage return) get a leading apostrophe so they stay text.
 */
import type { RatingFilter, RatingKey, Store, StoredRating } from '../store/store';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_COLUMNS = [
  'id', 'serviceId', 'ticketKey', 'ticketUrl', 'tracker', 'origin', 'ticketTitle', 'overall', 'communication',
  'understanding', 'proactiveness', 'tags', 'comment', 'rater', 'ratedAt', 'resolvedAt', 'slaMet', 'verified',
] as const;

function cellsOf(rating: StoredRating): (string | number | boolean | null)[] {
  return CSV_COLUMNS.map((column) => {
    if (column === 'tags') return (JSON.parse(rating.tags) as string[]).join('; ');
    if (column === 'slaMet') return rating.slaMet === null ? null : rating.slaMet === 1;
    // false: it came through a shared token (anyone holding it could name any rater); empty: stored before sign-in existed.
    if (column === 'verified') return rating.verified === null ? null : rating.verified === 1;
    return rating[column];
  });
}

/** How many ratings one page of the export reads (and holds) at a time. */
export const CSV_PAGE_SIZE = 1000;

/**
 * The export as a stream of pages: with a byte-order mark (so spreadsheet programs read UTF-8,
 * e.g. Chinese comments, correctly), then one keyset page of the store per pull. Only one page
 * is in memory at a time, the next page is read when the client has taken the previous one, and
 * the event loop is free between pages (so the server keeps answering during a long export).
 */
export function ratingsCsvStream(store: Pick<Store, 'listPage'>, filter: RatingFilter, pageSize = CSV_PAGE_SIZE): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: RatingKey | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let text = '';
        if (!started) {
          started = true;
          text = `\uFEFF${CSV_COLUMNS.join(',')}\r\n`;
        }
        // Back to the event loop before each page: a synchronous engine (SQLite) and a socket
        // that takes every chunk at once would otherwise run the whole export in one go.
        await new Promise((resolve) => setImmediate(resolve));
        const page = await store.listPage(filter, after, pageSize);
        for (const rating of page) text += `${cellsOf(rating).map(csvCell).join(',')}\r\n`;
        if (text !== '') controller.enqueue(encoder.encode(text));
        const last = page[page.length - 1];
        if (page.length < pageSize || !last) controller.close();
        else after = { ms: Date.parse(last.ratedAt), id: last.id };
      },
    },
    { highWaterMark: 1 },
  );
}
