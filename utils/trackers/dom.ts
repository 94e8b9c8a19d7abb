/**
 * Small DOM readers shared by the adapters. They never throw on odd markup: a selector that
 * matches nothing (or a broken override) reads as "not found".
 */

/** Named selector chains: the first selector of a chain that matches wins (new view, then classic). */
export type SelectorChains<Names extends string = string> = Readonly<Record<Names, readonly string[]>>;

/** Replaces whole chains by name with configuration overrides; unknown names are ignored. */
export function withOverrides<Names extends string>(
  defaults: SelectorChains<Names>,
  overrides?: Record<string, readonly string[]>,
): SelectorChains<Names> {
  if (!overrides) return defaults;
  const merged: Record<string, readonly string[]> = { ...defaults };
  for (const [name, chain] of Object.entries(overrides)) if (name in defaults && chain.length > 0) merged[name] = chain;
  return merged as SelectorChains<Names>;
}

function safeQueryAll(root: ParentNode, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return []; // An invalid override must not break detection.
  }
}

/** The first element matched by the first selector in the chain that matches anything. */
export function queryFirst(root: ParentNode, chain: readonly string[] = []): Element | null {
  for (const selector of chain) {
    try {
      // querySelector stops at the first match; on a 500-comment page that is most of the cost.
      const found = root.querySelector(selector);
      if (found) return found;
    } catch {
      // An invalid override must not break detection: it reads as "not found".
    }
  }
  return null;
}

/** Every element matched by the first selector in the chain that matches anything. */
export function queryAll(root: ParentNode, chain: readonly string[] = []): Element[] {
  for (const selector of chain) {
    const found = safeQueryAll(root, selector);
    if (found.length > 0) return found;
  }
  return [];
}

/** Visible-ish text with whitespace collapsed; buttons inside (e.g. "Assign to me") are left out. */
export function textOf(element: Element | null | undefined): string | undefined {
  if (!element) return undefined;
  let text = '';
  const walk = (node: Node): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) text += child.textContent ?? '';
      else if (child.nodeType === 1 && !['BUTTON', 'SCRIPT', 'STYLE', 'svg'].includes((child as Element).tagName)) walk(child);
    }
  };
  walk(element);
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed || undefined;
}

export function readText(root: ParentNode, chain?: readonly string[]): string | undefined {
  return textOf(queryFirst(root, chain));
}

/** Distinct non-empty texts (or `attribute` values, when present) of every match. */
export function readTexts(root: ParentNode, chain?: readonly string[], attribute?: string): string[] {
  const values = queryAll(root, chain).map((element) => (attribute && element.getAttribute(attribute)?.trim()) || textOf(element));
  return [...new Set(values.filter((value): value is string => !!value))];
}

export function readMeta(doc: Document, name: string): string | undefined {
  return doc.querySelector(`meta[name="${name}"]`)?.getAttribute('content')?.trim() || undefined;
}

/**
 * Any timestamp a tracker prints → ISO 8601 in UTC. Accepts Jira's `+0800`/`+0000` offsets
 * without a colon (which `Date.parse` rejects in some engines). Unparseable → undefined.
 */
export function toUtcIso(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const normalized = text.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const time = Date.parse(normalized);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/**
 * A date element: its `datetime` attribute wins, then a `title` holding a date, then its text,
 * then a `2026-11-26 10:00(:00)` inside the text (ZenTao: "admin 于 2026-11-26 10:00:00", in the
 * server's local time, read as the browser's).
 */
export function readDate(element: Element | null | undefined): string | undefined {
  if (!element) return undefined;
  const timed = element.matches('[datetime]') ? element : element.querySelector('[datetime]');
  // The text is walked only when no attribute answers: this runs for every comment on a timeline.
  return toUtcIso(timed?.getAttribute('datetime')) ?? titleTime(element) ?? dateInText(textOf(element));
}

/** An ISO time that says its zone: `…Z`, `…+08:00`, `…+0800`. */
const ZONED = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/;
const YEAR_FIRST = /(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/;
const TIME_OF_DAY = /(\d{1,2}):(\d\d)(?::(\d\d))?\s*([ap])?\.?m?\.?/i;

/**
 * A `title` holding a time. One with a zone is exact. A zone-less one is a local time as the
 * tracker prints it for the reader (Redmine: `format_time`, e.g. `11/24/2026 09:15 AM` or
 * `2026-11-24 09:15`, in the account's time zone): its date is taken only where it cannot be
 * misread — year first, or the `from=YYYY-MM-DD` of the element's own link (Redmine's activity
 * link) — and its clock (12- or 24-hour) is read as the browser's local time. Anything else:
 * undefined, never a guess between month-first and day-first.
 */
function titleTime(element: Element): string | undefined {
  const title = element.getAttribute('title')?.trim();
  if (!title) return undefined;
  if (ZONED.test(title)) return toUtcIso(title);
  return localTime(title, element.getAttribute('href')?.match(/[?&]from=(\d{4}-\d\d-\d\d)/)?.[1]);
}

/** A zone-less local time → ISO in UTC, read in the browser's zone (see titleTime). */
export function localTime(text: string, dateHint?: string): string | undefined {
  const date = (dateHint ?? '').match(YEAR_FIRST) ?? text.match(YEAR_FIRST);
  const clock = text.replace(YEAR_FIRST, ' ').match(TIME_OF_DAY);
  if (!date || !clock) return undefined;
  let hour = Number(clock[1]);
  const half = clock[4]?.toLowerCase();
  if (half === 'p' && hour < 12) hour += 12;
  if (half === 'a' && hour === 12) hour = 0;
  const [year, month, day, minute, second] = [date[1], date[2], date[3], clock[2], clock[3] ?? '0'].map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const local = new Date(year, month - 1, day, hour, minute, second);
  return local.getMonth() === month - 1 ? local.toISOString() : undefined;
}

function dateInText(text: string | undefined): string | undefined {
  return toUtcIso(text) ?? toUtcIso(text?.match(/\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?/)?.[0]);
}

/**
 * The time of the timeline entry an element (an event icon, a reason link) belongs to: the
 * nearest ancestor that holds a `[datetime]`.
 */
export function entryTime(marker: Element): string | undefined {
  let entry: Element | null = marker;
  for (let depth = 0; entry && depth < 8; depth += 1, entry = entry.parentElement) {
    const time = entry.querySelector('[datetime]');
    if (time) return readDate(time);
  }
  return undefined;
}

/** The latest time among entries matched by a chain (e.g. the last "closed" event after reopenings). */
export function latestEntryTime(root: ParentNode, chain?: readonly string[]): string | undefined {
  const times = queryAll(root, chain).map(entryTime).filter((time): time is string => !!time);
  return times.sort().at(-1);
}
