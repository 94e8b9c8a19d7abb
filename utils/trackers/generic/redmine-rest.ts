/**
 * Redmine enrichment from `/issues/N.json?include=journals` (app/views/issues/show.api.rsb).
 * What Redmine's sources say about who it answers (app/controllers/application_controller.rb):
 * `find_current_user` skips the session for `.json`/`.xml` requests (`api_request?`), so the
 * signed-in page's cookie does not count — the JSON answers as the anonymous user (public
 * projects, when "Enable REST web service" is on) or not at all. A private issue gets `401` with
 * `WWW-Authenticate: Basic`, which would open the browser's password prompt on a credentialed
 * request; so the request goes without credentials (`omit`): nothing is lost (the cookie is
 * ignored anyway) and no prompt appears. When it answers, it gives exact UTC times (the page
 * only prints zone-less local ones), Redmine's own `is_closed`, and the journals.
 */
import { arrayOf, nullable, number, optional, optionalBoolean, optionalString, record, string } from '../../contracts/read-json';
import type { Ticket } from '../../contracts/schema';
import { toUtcIso } from '../dom';
import { getJson } from '../fetch-json';
import { finishTicket } from '../finish';
import { firstResponseAt } from '../people';

export interface RedminePerson {
  id: number;
  name: string;
}

export interface RedmineJournal {
  user?: RedminePerson | null;
  notes?: string | null;
  created_on: string;
  private_notes?: boolean;
}

export interface RedmineIssue {
  id: number;
  subject?: string;
  status: { name: string; is_closed?: boolean };
  priority?: { name: string };
  author?: RedminePerson;
  assigned_to?: RedminePerson;
  created_on?: string;
  closed_on?: string | null;
  journals?: RedmineJournal[];
}

const readPerson = (value: unknown): RedminePerson => {
  const person = record(value);
  return { id: number(person, 'id'), name: string(person, 'name') };
};

function readJournal(value: unknown): RedmineJournal {
  const journal = record(value);
  return {
    user: nullable(journal, 'user', readPerson),
    notes: nullable(journal, 'notes', (notes) => (typeof notes === 'string' ? notes : '')),
    created_on: string(journal, 'created_on'),
    private_notes: optionalBoolean(journal, 'private_notes'),
  };
}

/** `{ issue: … }` as Redmine answers it; throws NotAsExpected on any other shape. */
export function readRedmineIssue(value: unknown): RedmineIssue {
  const issue = record(record(value).issue);
  const status = record(issue.status);
  return {
    id: number(issue, 'id'),
    subject: optionalString(issue, 'subject'),
    status: { name: string(status, 'name'), is_closed: optionalBoolean(status, 'is_closed') },
    priority: optional(issue, 'priority', (priority) => ({ name: string(record(priority), 'name') })),
    author: optional(issue, 'author', readPerson),
    assigned_to: optional(issue, 'assigned_to', readPerson),
    created_on: optionalString(issue, 'created_on'),
    closed_on: nullable(issue, 'closed_on', (closed) => (typeof closed === 'string' ? closed : null)),
    journals: optional(issue, 'journals', (journals) => arrayOf(journals, readJournal)),
  };
}

/** The JSON answer laid over the DOM ticket. `is_closed` (Redmine ≥ 5.1) beats the status-word list. */
export function applyRedmineIssue(ticket: Ticket, issue: RedmineIssue, ignoredResponders: readonly string[] = []): Ticket {
  const resolved = issue.status.is_closed ?? ticket.resolved;
  const authorId = issue.author?.id;
  // A response is a journal with words in it, by someone other than the author (compared by id:
  // two people can share a display name), not a bot, not ignored. A status change alone is not one.
  const responses = (issue.journals ?? [])
    .filter((journal) => journal.notes?.trim() && journal.user && journal.user.id !== authorId)
    .map((journal) => ({ author: journal.user!.name, at: toUtcIso(journal.created_on) }));
  return finishTicket({
    ...ticket,
    title: issue.subject ?? ticket.title,
    status: issue.status.name,
    priority: issue.priority?.name ?? ticket.priority,
    reporter: issue.author?.name ?? ticket.reporter,
    // The answer says who is assigned; none given means nobody.
    assignee: issue.assigned_to?.name,
    resolved,
    createdAt: toUtcIso(issue.created_on) ?? ticket.createdAt,
    resolvedAt: resolved ? (toUtcIso(issue.closed_on) ?? ticket.resolvedAt) : undefined,
    firstResponseAt: (issue.journals && firstResponseAt(responses, undefined, ignoredResponders)) ?? ticket.firstResponseAt,
  });
}

/** `/issues/12` (under any mount path) → `/issues/12.json?include=journals` on the same origin. */
export function redmineJsonUrl(ticket: Ticket): string | undefined {
  const url = new URL(ticket.url);
  const path = url.pathname.replace(/\/$/, '');
  if (!/\/issues\/\d+$/.test(path) || url.origin !== ticket.origin) return undefined;
  return `${url.origin}${path}.json?include=journals`;
}

export async function enrichRedmineTicket(ticket: Ticket, fetchImpl: typeof fetch, ignoredResponders: readonly string[] = []): Promise<Ticket> {
  const url = redmineJsonUrl(ticket);
  const issue = url ? await getJson(fetchImpl, url, readRedmineIssue, 'omit') : undefined;
  return issue && String(issue.id) === ticket.key ? applyRedmineIssue(ticket, issue, ignoredResponders) : ticket;
}
