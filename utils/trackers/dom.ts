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
  return toUtcIso(timed?.getAttribute('datetime')) ?? toUtcIso(element.getAttribute('title')) ?? dateInText(textOf(element));
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
