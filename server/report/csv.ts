/**
 * CSV export (RFC 4180). Cells that a spreadsheet would run as a formula (starting with
 * = + - @, tab or carriage return) get a leading apostrophe so they stay text.
 */
import type { StoredRating } from '../store/store';

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

/** With a byte-order mark so spreadsheet programs read UTF-8 (Chinese comments) correctly. */
export function ratingsCsv(ratings: Iterable<StoredRating>): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const rating of ratings) lines.push(cellsOf(rating).map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
