/** Building fixture pages: every page-provided value goes through `text()` (escaped). */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes a value for HTML text or a quoted attribute. */
export function text(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

export function document(options: { title: string; head?: string; body: string; htmlAttributes?: string; bodyAttributes?: string }): string {
  return `<!doctype html>
<html lang="en" ${options.htmlAttributes ?? ''}>
<head><meta charset="utf-8"><title>${text(options.title)}</title>${options.head ?? ''}</head>
<body ${options.bodyAttributes ?? ''}>${options.body}</body>
</html>`;
}

export const minutesAgo = (minutes: number, now = Date.now()) => new Date(now - minutes * 60_000).toISOString();
export const daysAgo = (days: number, now = Date.now()) => minutesAgo(days * 24 * 60, now);
