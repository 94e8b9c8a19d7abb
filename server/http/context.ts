/**
 * What every route module shares: the Hono environment, the logger, the error answer and the
 * dependencies `createApp` hands to each resource's sub-app.
 */
import type { Context } from 'hono';
import type { LiveCatalogue } from '../catalogue/live';
import type { ServerConfig } from '../config/server-config';
import type { Store } from '../store/store';
import type { Access, Identity } from './auth';
import type { RequestLimiter } from './rate-limit';
import type { Sessions } from './session';

export type LogEntry = { level: 'info' | 'warn' | 'error'; msg: string } & Record<string, unknown>;
export type Logger = (entry: LogEntry) => void;

export type Env = { Variables: { identity: Identity } };

export interface Deps {
  store: Store;
  /** The running configuration; its catalogue part changes when an admin saves a version (read it per request). */
  config: ServerConfig;
  catalogue: LiveCatalogue;
  now: () => number;
  access: Access;
  limit: RequestLimiter;
  sessions: Sessions;
  /** The keyed hash stored with a signed-in person's ratings (see auth/tokens.ts). */
  raterKey: (email: string) => Promise<string>;
  /** Where `locales/` lives. */
  projectRoot: string;
}

/** Every error answer: `{ error: "<field or parameter>: <problem>" }`, never a stack trace. */
export const fail = (c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429, error: string) => c.json({ error }, status);
