// server/ is laid out by capability: only server/store/ knows the storage engine (so routes work
// unchanged on PostgreSQL), and no module grows past 300 lines.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function modulesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? modulesUnder(path) : name.endsWith('.ts') ? [path] : [];
  });
}

const modules = modulesUnder('server').map((path) => ({ path: relative('.', path), text: readFileSync(path, 'utf8') }));

describe('server/ layout', () => {
  it('finds the modules', () => {
    expect(modules.map((module) => module.path)).toEqual(expect.arrayContaining(['server/http/app.ts', 'server/store/sqlite.ts', 'server/store/postgres.ts']));
  });

  it('imports the database drivers (better-sqlite3, pg) only under server/store/', () => {
    const outside = modules.filter((module) => !module.path.startsWith('server/store/') && /from ['"](better-sqlite3|pg|pg-[\w-]+)['"]/.test(module.text));
    expect(outside.map((module) => module.path)).toEqual([]);
  });

  it('keeps every module at 300 lines or fewer', () => {
    const long = modules.filter((module) => module.text.split('\n').length > 300).map((module) => module.path);
    expect(long).toEqual([]);
  });
});
