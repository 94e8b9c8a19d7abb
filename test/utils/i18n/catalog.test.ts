/**
 * Completeness guard for every string a person reads: both languages carry the same keys with
 * the same placeholders, every key the code asks for exists, and the manifest's own keys exist.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, loadCatalog, type Catalog } from '../../../utils/i18n/catalog';

const root = process.cwd();
const catalogs = Object.fromEntries(LANGUAGES.map((language) => [language, loadCatalog(root, language)])) as Record<(typeof LANGUAGES)[number], Catalog>;
const AREA_PREFIXES = ['options', 'popup', 'content', 'rating', 'sla', 'report', 'background', 'notification', 'notify'];

function filesUnder(dir: string, pattern: RegExp): string[] {
  let found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(filesUnder(path, pattern));
    else if (pattern.test(name)) found.push(path);
  }
  return found;
}

function areaFile(language: string, file: string): Catalog {
  return JSON.parse(readFileSync(join(root, 'locales', language, file), 'utf8')) as Catalog;
}

/** `$1`…`$9` substitutions and `$name$` placeholders, as a sorted list. */
function placeholdersOf(message: string): string[] {
  const withoutEscapes = message.replace(/\$\$/g, '');
  const tokens = [...withoutEscapes.matchAll(/\$(\w+)\$|\$([1-9])/g)].map((match) => (match[1] ? `$${match[1].toLowerCase()}$` : `$${match[2]}`));
  return [...new Set(tokens)].sort();
}

interface KeyUse {
  file: string;
  key: string;
  /** A key built from a template: `options_type_${kind}` → /^options_type_.+$/. */
  pattern?: RegExp;
}

/** Keys the source asks for: `t('key')`, template keys, and key tables (area-prefixed string literals). */
function keyUsesIn(file: string, source: string): KeyUse[] {
  const uses: KeyUse[] = [];
  for (const match of source.matchAll(/\bt\(\s*(['"])(\w+)\1/g)) uses.push({ file, key: match[2] ?? '' });
  for (const match of source.matchAll(/\bt\(\s*`([^`]*)`/g)) {
    const template = match[1] ?? '';
    const pattern = new RegExp(`^${template.split(/\$\{[^}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);
    uses.push({ file, key: template, pattern });
  }
  const literal = new RegExp(`(['"\`])((?:${AREA_PREFIXES.join('|')})_[A-Za-z0-9_]+)\\1`, 'g');
  for (const match of source.matchAll(literal)) uses.push({ file, key: match[2] ?? '' });
  return uses;
}

describe('translations', () => {
  const areaFiles = [...new Set(LANGUAGES.flatMap((language) => readdirSync(join(root, 'locales', language)).filter((name) => name.endsWith('.json'))))].sort();

  it.each(areaFiles)('%s exists in every language with the same keys', (file) => {
    const [first, ...others] = LANGUAGES.map((language) => {
      try {
        return Object.keys(areaFile(language, file)).sort();
      } catch {
        return [`(missing file locales/${language}/${file})`];
      }
    });
    for (const keys of others) expect(keys, `keys of ${file} differ between languages`).toEqual(first);
  });

  it('every English key has a Chinese translation and the other way round', () => {
    const missingInChinese = Object.keys(catalogs.en).filter((key) => !catalogs.zh_CN[key]?.message.trim());
    const missingInEnglish = Object.keys(catalogs.zh_CN).filter((key) => !catalogs.en[key]?.message.trim());
    expect({ missingInChinese, missingInEnglish }).toEqual({ missingInChinese: [], missingInEnglish: [] });
  });

  it('both languages use the same placeholders for each key', () => {
    const mismatched = Object.keys(catalogs.en)
      .filter((key) => catalogs.zh_CN[key])
      .filter((key) => placeholdersOf(catalogs.en[key]?.message ?? '').join() !== placeholdersOf(catalogs.zh_CN[key]?.message ?? '').join())
      .map((key) => `${key}: en ${placeholdersOf(catalogs.en[key]?.message ?? '').join(' ')} / zh_CN ${placeholdersOf(catalogs.zh_CN[key]?.message ?? '').join(' ')}`);
    expect(mismatched).toEqual([]);
  });

  it.each([
    ['Saved $1 of $2', ['$1', '$2']],
    ['$count$ left, costs $$5', ['$count$']],
    ['none', []],
  ])('placeholdersOf(%s)', (message, expected) => {
    expect(placeholdersOf(message)).toEqual(expected);
  });
});

describe('keys used by the code', () => {
  const sources = ['entrypoints', 'components', 'platform', 'utils'].flatMap((dir) => filesUnder(join(root, dir), /\.(ts|tsx)$/));
  const uses = sources.flatMap((file) => keyUsesIn(file.slice(root.length + 1), readFileSync(file, 'utf8')));

  it('finds the keys it should (the scan itself works)', () => {
    expect(uses.some((use) => use.key === 'options_backend_heading')).toBe(true);
    expect(keyUsesIn('x.ts', "t('a_b'); t(\"c\"); t(`options_type_${kind}`); const KEYS = { x: 'popup_title' };").map((use) => use.key)).toEqual([
      'a_b',
      'c',
      'options_type_${kind}',
      'popup_title',
    ]);
  });

  it('every key exists in the catalog', () => {
    const keys = Object.keys(catalogs.en);
    const missing = uses
      .filter((use) => (use.pattern ? !keys.some((key) => use.pattern?.test(key)) : !(use.key in catalogs.en)))
      .map((use) => `${use.file}: ${use.key}`);
    expect([...new Set(missing)]).toEqual([]);
  });
});

describe('manifest', () => {
  const config = readFileSync(join(root, 'wxt.config.ts'), 'utf8');
  const manifestKeys = [...config.matchAll(/__MSG_(\w+)__/g)].map((match) => match[1] ?? '');

  it('names its name and description through the catalog', () => {
    expect(manifestKeys).toEqual(expect.arrayContaining(['extName', 'extDescription']));
  });

  it.each(LANGUAGES)('every __MSG_ key exists in %s, within the store limits', (language) => {
    for (const key of manifestKeys) expect(catalogs[language][key]?.message, `${language}: ${key}`).toBeTruthy();
    // Chrome Web Store limits: name 75 characters, description 132.
    expect(catalogs[language].extName?.message.length ?? 0).toBeLessThanOrEqual(75);
    expect(catalogs[language].extDescription?.message.length ?? 0).toBeLessThanOrEqual(132);
  });
});
