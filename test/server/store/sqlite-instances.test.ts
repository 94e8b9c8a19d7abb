// Several server processes starting at the same moment on one new SQLite file: each opens it
// (WAL mode, migrations under BEGIN IMMEDIATE) without a "database is locked", and every migration
// is applied exactly once. Real child processes, because SQLite's locks are per process and file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../server/store/sqlite';

const dir = mkdtempSync(join(tmpdir(), 'sf-sqlite-instances-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens `path` as the server does, once the clock reaches `startAt` (all children at the same moment). */
const CHILD = `
import { openDatabase } from './server/store/sqlite.ts';
const [path, startAt] = process.argv.slice(-2);
while (Date.now() < Number(startAt)) {}
try {
  openDatabase(path).close();
  console.log('opened');
} catch (error) {
  console.log('failed: ' + error.message);
  process.exitCode = 1;
}
`;

function openInChild(path: string, startAt: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, '--', path, String(startAt)], { cwd: process.cwd() });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('exit', () => resolve(output.trim())));
}

describe('server processes opening one new SQLite file at once', () => {
  it.each([1, 2, 3])('round %i: all four open it, and each migration is applied once', async (round) => {
    const path = join(dir, `race-${round}.db`);
    // Time enough for four node processes with tsx to load before the common start.
    const startAt = Date.now() + 3000;
    const outputs = await Promise.all([0, 1, 2, 3].map(() => openInChild(path, startAt)));
    expect(outputs).toEqual(['opened', 'opened', 'opened', 'opened']);
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT version FROM schema_version ORDER BY version').all()).toEqual(MIGRATIONS.map((_, index) => ({ version: index + 1 })));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  }, 30_000);
});
