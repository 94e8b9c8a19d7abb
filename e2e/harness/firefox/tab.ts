/**
 * One Firefox tab driven over Marionette, read like a person reads it: elements are found by
 * CSS and accessible name inside the page and every open shadow root (our host's UI lives in
 * one), then clicked and typed into with Marionette's real input events.
 */
import type { Firefox } from './browser';
import { waitFor } from '../wait';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
type ElementRef = { [ELEMENT]: string };

/** What to find: a CSS selector, optionally only the one whose accessible name is `name`, optionally inside `within`. */
export interface Query {
  css: string;
  name?: string;
  within?: Query;
}

/**
 * Runs in the page (Marionette sandbox): every element matching the query, through open shadow
 * roots. The name is the element's aria-label, its aria-labelledby text, its label's text, or its own text.
 */
const FIND = `
const deepAll = (root, css) => {
  const found = [...root.querySelectorAll(css)];
  if (root.shadowRoot) found.push(...deepAll(root.shadowRoot, css));
  for (const element of root.querySelectorAll('*')) if (element.shadowRoot) found.push(...deepAll(element.shadowRoot, css));
  return found;
};
const clean = (text) => (text || '').replace(/\\s+/g, ' ').trim();
const nameOf = (element) => {
  if (element.getAttribute('aria-label')) return clean(element.getAttribute('aria-label'));
  const by = element.getAttribute('aria-labelledby');
  if (by) return clean(by.split(/\\s+/).map((id) => element.getRootNode().getElementById(id)?.textContent).join(' '));
  if (element.labels && element.labels.length > 0) return clean(element.labels[0].textContent);
  return clean(element.textContent);
};
const find = (query) => {
  const roots = query.within ? find(query.within) : [document];
  return roots.flatMap((root) => deepAll(root, query.css)).filter((element) => query.name === undefined || nameOf(element) === query.name);
};
`;

export class Tab {
  constructor(private readonly firefox: Firefox, readonly handle: string) {}

  private get marionette() {
    return this.firefox.marionette;
  }

  private async focus(): Promise<void> {
    if (this.firefox.current !== this.handle) {
      await this.marionette.send('WebDriver:SwitchToWindow', { handle: this.handle, focus: true });
      this.firefox.current = this.handle;
    }
  }

  async goto(url: string): Promise<void> {
    await this.focus();
    await this.marionette.send('WebDriver:Navigate', { url });
  }

  async url(): Promise<string> {
    await this.focus();
    return this.marionette.send('WebDriver:GetCurrentURL');
  }

  async back(): Promise<void> {
    await this.focus();
    await this.marionette.send('WebDriver:Back');
  }

  async forward(): Promise<void> {
    await this.focus();
    await this.marionette.send('WebDriver:Forward');
  }

  async reload(): Promise<void> {
    await this.focus();
    await this.marionette.send('WebDriver:Refresh');
  }

  /** Runs `body` (a function body; `arguments` as usual) in the page's Marionette sandbox. */
  async script<T = unknown>(body: string, ...args: unknown[]): Promise<T> {
    await this.focus();
    return this.marionette.send<T>('WebDriver:ExecuteScript', { script: body, args });
  }

  /** Same as `script`, awaiting the promise `body` returns. */
  async asyncScript<T = unknown>(body: string, ...args: unknown[]): Promise<T> {
    await this.focus();
    const script = `const done = arguments[arguments.length - 1]; (async () => { ${body} })(...[...arguments].slice(0, -1)).then(done, (error) => done({ __error: String(error) }));`;
    const result = await this.marionette.send<T & { __error?: string }>('WebDriver:ExecuteAsyncScript', { script, args });
    if (result && typeof result === 'object' && '__error' in result) throw new Error(result.__error);
    return result;
  }

  count(query: Query): Promise<number> {
    return this.script<number>(`${FIND} return find(arguments[0]).length;`, query);
  }

  /** Texts (innerText) of every match, in document order. */
  texts(query: Query): Promise<string[]> {
    return this.script<string[]>(`${FIND} return find(arguments[0]).map((element) => element.innerText);`, query);
  }

  /** Waits for exactly one match and returns its reference. */
  async one(query: Query, timeout = 10_000): Promise<ElementRef> {
    let seen = 0;
    return waitFor(async () => {
      const found = await this.script<ElementRef[]>(`${FIND} return find(arguments[0]);`, query);
      seen = found.length;
      return found.length === 1 ? found[0] : undefined;
    }, { what: `exactly one ${describe(query)}`, seen: () => `${seen} matches`, timeout });
  }

  /** Waits until something matches (text can match an element and its only child alike). */
  async waitFor(query: Query, timeout = 10_000): Promise<void> {
    await waitFor(async () => (await this.count(query)) > 0, { what: describe(query), timeout });
  }

  async click(query: Query): Promise<void> {
    const element = await this.one(query);
    await this.marionette.send('WebDriver:ElementClick', { id: element[ELEMENT] });
  }

  /** Replaces the field's value by typing `text` into it. */
  async fill(query: Query, text: string): Promise<void> {
    const element = await this.one(query);
    await this.marionette.send('WebDriver:ElementClear', { id: element[ELEMENT] });
    await this.marionette.send('WebDriver:ElementSendKeys', { id: element[ELEMENT], text });
  }

  async close(): Promise<void> {
    await this.focus();
    const left = await this.marionette.send<string[]>('WebDriver:CloseWindow');
    // Marionette needs a live window to take the next command (a new tab opens from it).
    this.firefox.current = left[0];
    if (left[0]) await this.marionette.send('WebDriver:SwitchToWindow', { handle: left[0], focus: true });
  }
}

function describe(query: Query): string {
  return `${query.css}${query.name === undefined ? '' : ` named "${query.name}"`}${query.within ? ` in ${describe(query.within)}` : ''}`;
}
