/**
 * Closing the loop from the team's side, against the real backend of a scenario: the owners'
 * personal tokens of the example config, replies and improvements through the HTTP API (as the
 * inbox would send them), and the requester's answers read straight from the SQLite file.
 */
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { EXAMPLE_CONFIG, type Backend } from './backend';

interface ExampleConfig {
  people?: Array<{ email: string; name: string; token: string }>;
  services?: Array<{ id: string; owners?: string[] }>;
}

/** The personal token of the first person the example config names as an owner of `serviceId`. */
export function exampleOwner(serviceId: string): { name: string; token: string } {
  const config = JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as ExampleConfig;
  const owners = (config.services ?? []).find((service) => service.id === serviceId)?.owners ?? [];
  const person = (config.people ?? []).find((candidate) => owners.some((email) => email.toLowerCase() === candidate.email.toLowerCase()));
  if (!person) throw new Error(`${EXAMPLE_CONFIG} names no person who owns "${serviceId}"`);
  return { name: person.name, token: person.token };
}

async function post(backend: Backend, path: string, token: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${backend.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** `POST /v1/ratings/:id/replies` as an owner. */
export const replyAsOwner = (backend: Backend, ratingId: string, token: string, text: string) => post(backend, `/v1/ratings/${ratingId}/replies`, token, { text });

/** `POST /v1/services/:id/improvements` as an owner. */
export const publishImprovement = (backend: Backend, serviceId: string, token: string, text: string) =>
  post(backend, `/v1/services/${serviceId}/improvements`, token, { text });

export interface StoredAnswer {
  /** The answer as stored (the latest wins): at most one per rating. */
  rows: Array<{ resolved: number; comment: string | null }>;
  /** How many times the backend received an answer for it (its audit trail). */
  received: number;
}

export function storedAnswer(backend: Backend, ratingId: string): StoredAnswer {
  if (!existsSync(backend.databasePath)) return { rows: [], received: 0 };
  const db = new Database(backend.databasePath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT resolved, comment FROM answers WHERE rating_id = ?').all(ratingId) as StoredAnswer['rows'];
    const { received } = db.prepare(`SELECT COUNT(*) AS received FROM audit_log WHERE rating_id = ? AND action = 'answer'`).get(ratingId) as { received: number };
    return { rows, received };
  } finally {
    db.close();
  }
}
