/**
 * The SQLite WAL kept bounded: its size limits and the checkpointer worker thread that moves
 * checkpoints off the event loop (issue 12: the WAL never shrank under sustained writes).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** The WAL file is cut back to this size whenever it restarts (and to 0 once idle). */
export const WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;
/** Past this many WAL frames the checkpointer makes the WAL restart even under sustained writes. */
export const WAL_RESTART_FRAMES = 1000;

// Plain CommonJS so it runs as an eval'd worker under node, tsx and vitest alike.
// Each tick: a PASSIVE checkpoint copies what it can without blocking anyone. Under sustained
// writes new frames arrive during every PASSIVE pass, so it never completes and the WAL would grow
// for ever; once it is past WAL_RESTART_FRAMES a RESTART copies only the few frames PASSIVE left
// (writers wait that long, milliseconds) and makes the next writer start the WAL over, cut back to
// journal_size_limit. When a PASSIVE pass caught up (idle), TRUNCATE empties the file.
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('journal_size_limit = ' + workerData.sizeLimit);
const timer = setInterval(() => {
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    if (passive.log > 0 && passive.checkpointed === passive.log) db.pragma('wal_checkpoint(TRUNCATE)');
    else if (passive.log >= workerData.restartFrames) db.pragma('wal_checkpoint(RESTART)');
  } catch (error) { parentPort.postMessage(String(error)); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Moves WAL checkpoints off the event loop: the serving connection stops checkpointing inline
 * (a checkpoint copies pages and fsyncs, a pause of tens of milliseconds on a slow disk, which is
 * what single requests' p99 would otherwise see) and a worker thread with its own connection
 * checkpoints every `intervalMs` (see CHECKPOINTER_SOURCE for when it restarts or truncates the
 * WAL, which keeps it bounded). `stop()` ends the worker and truncates the WAL.
 */
export function startCheckpointer(db: Database.Database, path: string, intervalMs = 1000, onError: (message: string) => void = () => {}) {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(CHECKPOINTER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      path,
      intervalMs,
      sizeLimit: WAL_SIZE_LIMIT_BYTES,
      restartFrames: WAL_RESTART_FRAMES,
    },
  });
  worker.on('message', (message) => onError(String(message)));
  worker.on('error', (error) => onError(String(error)));
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop(): Promise<void> {
      worker.ref(); // keep the process alive until the worker has closed its connection
      worker.postMessage('stop');
      await exited;
      if (db.open) db.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}

