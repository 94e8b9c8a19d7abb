/**
 * GitLab enrichment over the instance's own REST API (same origin, the signed-in session):
 * `/api/v4/projects/:path/issues|merge_requests/:iid` for state, dates, the author's login and
 * labels with their full titles, and its `/notes` for the first response (system notes are
 * events, not responses). Detection never waits for this; any failure keeps the DOM ticket, and
 * a notes failure keeps the answer.
 */
import { arrayOf, nullable, optional, optionalBoolean, optionalString, record, string, stringItem } from '../../contracts/read-json';
import type { Ticket } from '../../contracts/schema';
import { toUtcIso } from '../dom';
import { getJson } from '../fetch-json';
import { finishTicket } from '../finish';
import { firstResponseAt } from '../people';

/** The parts of the issue / merge request answer this module uses. */
export interface GitLabIssuable {
  state: string;
  title?: string;
  created_at?: string;
  closed_at?: string | null;
  merged_at?: string | null;
  author?: { username: string } | null;
  labels?: string[];
}

export interface GitLabNote {
  system: boolean;
  author?: { username: string; bot?: boolean } | null;
  created_at: string;
}

const readUser = (value: unknown) => ({ username: string(record(value), 'username') });

/** The issue or merge request answer, type-checked where read; throws NotAsExpected otherwise. */
export function readGitLabIssuable(value: unknown): GitLabIssuable {
  const issuable = record(value);
  return {
    state: string(issuable, 'state'),
    title: optionalString(issuable, 'title'),
    created_at: optionalString(issuable, 'created_at'),
    closed_at: nullable(issuable, 'closed_at', stringItem),
    merged_at: nullable(issuable, 'merged_at', stringItem),
    author: nullable(issuable, 'author', readUser),
    // `labels` are title strings by default; `with_labels_details` would make them objects.
    labels: optional(issuable, 'labels', (labels) => arrayOf(labels, stringItem)),
  };
}

function readNote(value: unknown): GitLabNote {
  const note = record(value);
  const author = nullable(note, 'author', (person) => ({ ...readUser(person), bot: optionalBoolean(record(person), 'bot') }));
  return { system: optionalBoolean(note, 'system') ?? false, author, created_at: string(note, 'created_at') };
}

export const readGitLabNotes = (value: unknown): GitLabNote[] => arrayOf(value, readNote);

const DONE_STATES = new Set(['closed', 'merged']);
const STATE_WORDS: Record<string, string> = { opened: 'Open', closed: 'Closed', merged: 'Merged', locked: 'Open' };

/** The REST answer laid over the DOM ticket (REST is authoritative where it answers). */
export function applyGitLabIssuable(ticket: Ticket, issuable: GitLabIssuable, notes: readonly GitLabNote[] | undefined, ignoredResponders: readonly string[] = []): Ticket {
  const resolved = DONE_STATES.has(issuable.state);
  const reporter = issuable.author?.username ?? ticket.reporter;
  const responses = notes
    ?.filter((note) => !note.system)
    .map((note) => ({ author: note.author?.username, at: toUtcIso(note.created_at), isApp: note.author?.bot === true }));
  const doneAt = toUtcIso(issuable.merged_at) ?? toUtcIso(issuable.closed_at);
  return finishTicket({
    ...ticket,
    title: issuable.title ?? ticket.title,
    // The page's words stay (they are in the reader's language); REST only fills a missing status.
    status: ticket.resolved === resolved && ticket.status ? ticket.status : (STATE_WORDS[issuable.state] ?? ticket.status),
    reporter,
    resolved,
    createdAt: toUtcIso(issuable.created_at) ?? ticket.createdAt,
    resolvedAt: resolved ? (doneAt ?? ticket.resolvedAt) : undefined,
    // Only the first page of notes is read: past it the page may still know an earlier response.
    firstResponseAt: (responses && firstResponseAt(responses, reporter, ignoredResponders)) ?? ticket.firstResponseAt,
    labels: issuable.labels ?? ticket.labels,
  });
}

/** The API path of a project-level ticket, under the instance's relative URL root; group work items have none. */
export function gitLabApiPath(ticket: Ticket): string | undefined {
  if (!ticket.project) return undefined;
  const marker = `/${ticket.project}/-/`;
  const at = ticket.url.lastIndexOf(marker);
  const found = at >= 0 ? ticket.url.slice(at + marker.length).match(/^(issues|work_items|merge_requests)\/(\d+)$/) : null;
  const root = ticket.url.slice(0, at);
  if (!found || !root.startsWith(ticket.origin) || root.endsWith('/groups')) return undefined;
  return `${root}/api/v4/projects/${encodeURIComponent(ticket.project)}/${found[1] === 'merge_requests' ? 'merge_requests' : 'issues'}/${found[2]}`;
}

export async function enrichGitLabTicket(ticket: Ticket, fetchImpl: typeof fetch = fetch, ignoredResponders: readonly string[] = []): Promise<Ticket> {
  const path = gitLabApiPath(ticket);
  if (!path) return ticket;
  const [issuable, notes] = await Promise.all([
    getJson(fetchImpl, path, readGitLabIssuable),
    getJson(fetchImpl, `${path}/notes?sort=asc&order_by=created_at&per_page=100`, readGitLabNotes),
  ]);
  return issuable ? applyGitLabIssuable(ticket, issuable, notes, ignoredResponders) : ticket;
}
