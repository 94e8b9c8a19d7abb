/**
 * Messages live in `locales/<lang>/<area>.json` (one file per feature area, so areas never edit
 * the same file) in Chrome's `messages.json` shape. The build merges each language into
 * `_locales/<lang>/messages.json`; tests load the same merged catalog.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LANGUAGES = ['en', 'zh_CN'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface CatalogEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type Catalog = Record<string, CatalogEntry>;

export function loadCatalog(root: string, language: Language): Catalog {
  const dir = join(root, 'locales', language);
  const catalog: Catalog = {};
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
    const entries = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Catalog;
    for (const [key, entry] of Object.entries(entries)) {
      if (key in catalog) throw new Error(`i18n: key "${key}" is defined twice (${language}/${file})`);
      if (!/^\w+$/.test(key)) throw new Error(`i18n: key "${key}" in ${language}/${file} may only use A-Z, a-z, 0-9 and _`);
      catalog[key] = entry;
    }
  }
  return catalog;
}

/** Chrome's getMessage semantics: `$name$` placeholders, `$1`…`$9` substitutions, `$$` = `$`. */
export function formatMessage(entry: CatalogEntry, substitutions: readonly string[]): string {
  const placeholders = Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([name, value]) => [name.toLowerCase(), value.content]),
  );
  const withPlaceholders = entry.message.replace(/\$(\w+)\$/g, (whole, name: string) => placeholders[name.toLowerCase()] ?? whole);
  return withPlaceholders.replace(/\$(\$|[1-9])/g, (_whole, which: string) =>
    which === '$' ? '$' : (substitutions[Number(which) - 1] ?? ''),
  );
}
