/**
 * utils/ holds code that runs anywhere — tracker pages, the worker, the options page, the server —
 * and touches no browser API: the folder is the promise. Browser-API code lives in entrypoints/
 * (one runtime) or platform/ (shared by several). This guard keeps the promise.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const UTILS = join(ROOT, 'utils');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Comments are dropped first so that prose mentioning `fetch(` or an import does not count. */
const codeOf = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

const FORBIDDEN: Array<[string, RegExp]> = [
  ['imports wxt/browser', /from\s+['"]wxt\/browser['"]|import\(\s*['"]wxt\/browser['"]\s*\)/],
  ['imports webextension-polyfill (values)', /import\s+(?!type\b)[^;]*from\s+['"]webextension-polyfill['"]/],
  ['imports idb', /from\s+['"]idb['"]|import\(\s*['"]idb['"]\s*\)/],
  ['calls fetch', /(^|[^.\w])fetch\s*\(|globalThis\.fetch\s*\(/m],
  ['uses the extension APIs', /(^|[^.\w])(browser|chrome)\.(runtime|storage|tabs|permissions|alarms|scripting|i18n|action|contextMenus)\b/m],
];

describe('utils/ is pure', () => {
  const files = sourcesUnder(UTILS);

  it('finds the modules it guards', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(FORBIDDEN)('no module under utils/ %s', (_, pattern) => {
    const offenders = files.filter((file) => pattern.test(codeOf(readFileSync(file, 'utf8')))).map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('the guard recognises each forbidden use', () => {
    const samples = [
      "import { browser } from 'wxt/browser';",
      "import browser from 'webextension-polyfill';",
      "import { openDB } from 'idb';",
      'const response = await fetch(url);',
      'await browser.storage.local.get("x");',
    ];
    samples.forEach((sample, index) => expect(FORBIDDEN[index]![1].test(codeOf(sample))).toBe(true));
    expect(FORBIDDEN.some(([, pattern]) => pattern.test(codeOf('// we never fetch(url) here\nconst fetchImpl = options.fetchImpl;')))).toBe(false);
  });
});
