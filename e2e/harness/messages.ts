/**
 * The English texts the built extension shows (its own `_locales/en/messages.json`), so
 * scenarios find buttons and check badges by what a person reads, without copying strings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatMessage, type Catalog } from '../../utils/i18n/catalog';

export type Messages = (key: string, ...substitutions: string[]) => string;

export function builtMessages(extensionDir: string): Messages {
  const catalog = JSON.parse(readFileSync(join(extensionDir, '_locales', 'en', 'messages.json'), 'utf8')) as Catalog;
  return (key, ...substitutions) => {
    const entry = catalog[key];
    if (!entry) throw new Error(`the built extension has no English message "${key}"`);
    return formatMessage(entry, substitutions);
  };
}
