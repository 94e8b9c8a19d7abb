/**
 * The content script is injected into every tracker page and must stay within 30 KB gzipped
 * (bench/content-size.ts measures the build). Classic zod alone is ≈22 KB gzipped and zod/mini
 * ≈5 KB, so no module the content script reaches may import either (or the background's
 * IndexedDB layer) as a value; it reads JSON with utils/contracts/read-json.ts. `import type` is erased and fine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const CONTENT_ENTRY = join(ROOT, 'entrypoints/content/index.ts');
/** The ticket UIs the worker injects only where the URL can be a ticket, one per tracker (entrypoints/ticket-ui-<tracker>.ts). */
const TICKET_UI_ENTRIES = ['jira', 'github', 'gitlab', 'generic'].map((tracker) => join(ROOT, `entrypoints/ticket-ui-${tracker}.ts`));
const TICKET_UI_ENTRY = TICKET_UI_ENTRIES[0]!;
/** Packages that must never be in the content script (any entry point of them: `zod/mini` too). */
const HEAVY_PACKAGES = ['zod', 'idb'];
const isHeavy = (name: string) => HEAVY_PACKAGES.some((heavy) => name === heavy || name.startsWith(`${heavy}/`));

/** Value imports and re-exports of a module (type-only ones are erased by the compiler). */
function valueImportsOf(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*'([^']+)'/gm)) {
    const [, , typeOnly, clause = '', specifier = ''] = match;
    const allTypes = /^\{[^}]*\}$/.test(clause) && clause.slice(1, -1).split(',').every((name) => name.trim() === '' || name.trim().startsWith('type '));
    if (!typeOnly && !allTypes) specifiers.push(specifier);
  }
  for (const match of source.matchAll(/^\s*import\s+'([^']+)'/gm)) specifiers.push(match[1]!);
  return specifiers;
}

function resolveLocal(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  const found = candidates.find((candidate) => /\.tsx?$/.test(candidate) && existsSync(candidate));
  if (!found) throw new Error(`${relative(ROOT, from)}: cannot resolve "${specifier}"`);
  return found;
}

/** Every local module the content script reaches through value imports, with the packages each imports. */
function contentGraph(entry = CONTENT_ENTRY): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length) {
    const file = pending.pop()!;
    if (graph.has(file)) continue;
    const specifiers = valueImportsOf(readFileSync(file, 'utf8'));
    graph.set(file, specifiers.filter((specifier) => !specifier.startsWith('.')));
    for (const specifier of specifiers) if (specifier.startsWith('.')) pending.push(resolveLocal(file, specifier));
  }
  return graph;
}

describe('the content script bundle', () => {
  it('reaches the modules it should (the walk itself works)', () => {
    const modules = [...contentGraph(TICKET_UI_ENTRY).keys()].map((file) => relative(ROOT, file));
    expect(modules).toEqual(expect.arrayContaining(['entrypoints/ticket-ui/loop.ts', 'components/TicketUi.tsx', 'platform/message-client.ts', 'utils/sla/jsm.ts', 'utils/contracts/read-json.ts']));
    const watcher = [...contentGraph().keys()].map((file) => relative(ROOT, file));
    expect(watcher).toEqual(expect.arrayContaining(['entrypoints/content/watch.ts', 'entrypoints/content/page-config.ts', 'utils/trackers/may-be-ticket.ts', 'utils/trackers/github/urls.ts', 'platform/message-client.ts']));
  });

  it('keeps the always-on watcher free of Preact, components and the detection readers', () => {
    const graph = contentGraph();
    const offenders = [
      ...[...graph.keys()].map((file) => relative(ROOT, file)).filter((file) => /^components\/|^entrypoints\/ticket-ui\/|^utils\/sla\/|^utils\/trackers\/(index|dom|finish|people)\.ts$|^utils\/trackers\/[^/]+\/(index|read|rest|selectors)\.ts$/.test(file)),
      ...[...graph].flatMap(([file, packages]) => packages.filter((name) => name === 'preact' || name.startsWith('preact/')).map((name) => `${relative(ROOT, file)} imports ${name}`)),
    ];
    expect(offenders).toEqual([]);
  });

  it.each([
    ['zod', true],
    ['zod/mini', true],
    ['idb', true],
    ['idb/with-async-ittr', true],
    ['zodiac', false],
    ['preact', false],
  ])('counts %s as heavy: %s', (name, heavy) => {
    expect(isHeavy(name)).toBe(heavy);
  });

  it.each([CONTENT_ENTRY, ...TICKET_UI_ENTRIES])('%s imports no zod (classic or mini) and no IndexedDB layer as values', (entry) => {
    const offenders = [...contentGraph(entry)].flatMap(([file, packages]) =>
      packages.filter(isHeavy).map((name) => `${relative(ROOT, file)} imports ${name}`),
    );
    expect(offenders).toEqual([]);
  });

  it.each([
    ["import { z } from 'zod';", ['zod']],
    ["import * as z from 'zod/mini';", ['zod/mini']],
    ["import type { PageConfig } from './messages';", []],
    ["import { type PageConfig, type Verb } from './messages';", []],
    ["import { request, type Verb } from './message-client';", ['./message-client']],
    ["export { MessageError } from './message-client';", ['./message-client']],
  ])('reads value imports: %s', (source, expected) => {
    expect(valueImportsOf(source)).toEqual(expected);
  });
});
