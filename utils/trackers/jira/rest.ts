/**
 * Jira enrichment over the site's own REST API (same origin, the user's session): dates, status
 * category, priority, people, labels, components, first response and status history. Detection
 * never waits for this; any failure (REST refused, offline, odd answer) keeps the DOM ticket.
 */
import { arrayOf, nullable, optional, optionalString, own, readOrUndefined, record, string, stringItem, type JsonRecord } from '../../contracts/read-json';
import type { StatusChange, Ticket } from '../../contracts/schema';
import { toUtcIso } from '../dom';
import { finishTicket } from '../finish';
import { firstResponseAt, isBot } from '../people';

const FIELDS = 'summary,status,resolution,resolutiondate,created,priority,reporter,assignee,labels,components,comment,project';

/** Cloud people carry `accountId`; Server/DC people carry the username in `name`. */
interface JiraPerson {
  accountId?: string;
  name?: string;
  displayName?: string;
  accountType?: string;
}
type Person = JiraPerson | null | undefined;

/** The parts of `/rest/api/2/issue/{key}?expand=changelog` this module uses. */
export interface JiraIssueResponse {
  key: string;
  fields: {
    summary?: string;
    created?: string;
    resolutiondate?: string | null;
    status?: { name: string; statusCategory?: { key: string } };
    priority?: { name: string } | null;
    reporter?: Person;
    assignee?: Person;
    labels?: string[];
    components?: { name: string }[];
    project?: { key: string };
    comment?: { comments: { author?: Person; created: string }[] };
  };
  /** Changelog items stay whole records: their `toString` key is read with own-property checks. */
  changelog?: { histories: { created: string; items: (JsonRecord & { field: string })[] }[] };
}

function readPerson(value: unknown): JiraPerson {
  const person = record(value);
  return {
    accountId: optionalString(person, 'accountId'),
    name: optionalString(person, 'name'),
    displayName: optionalString(person, 'displayName'),
    accountType: optionalString(person, 'accountType'),
  };
}

const named = (value: unknown) => ({ name: string(record(value), 'name') });
const keyed = (value: unknown) => ({ key: string(record(value), 'key') });

function readStatus(value: unknown): NonNullable<JiraIssueResponse['fields']['status']> {
  const status = record(value);
  return { name: string(status, 'name'), statusCategory: optional(status, 'statusCategory', keyed) };
}

function readComment(value: unknown) {
  const comment = record(value);
  return { author: nullable(comment, 'author', readPerson), created: string(comment, 'created') };
}

function readChangeItem(value: unknown): JsonRecord & { field: string } {
  const item = record(value);
  return { ...item, field: string(item, 'field') };
}

function readHistory(value: unknown) {
  const history = record(value);
  return { created: string(history, 'created'), items: arrayOf(own(history, 'items'), readChangeItem) };
}

/** The issue answer, type-checked where this module reads it; throws NotAsExpected otherwise. */
export function readJiraIssue(value: unknown): JiraIssueResponse {
  const issue = record(value);
  const fields = record(own(issue, 'fields'));
  return {
    key: string(issue, 'key'),
    fields: {
      summary: optionalString(fields, 'summary'),
      created: optionalString(fields, 'created'),
      resolutiondate: nullable(fields, 'resolutiondate', stringItem),
      status: optional(fields, 'status', readStatus),
      priority: nullable(fields, 'priority', named),
      reporter: nullable(fields, 'reporter', readPerson),
      assignee: nullable(fields, 'assignee', readPerson),
      labels: optional(fields, 'labels', (labels) => arrayOf(labels, stringItem)),
      components: optional(fields, 'components', (components) => arrayOf(components, named)),
      project: optional(fields, 'project', keyed),
      comment: optional(fields, 'comment', (comment) => ({ comments: arrayOf(own(record(comment), 'comments'), readComment) })),
    },
    changelog: optional(issue, 'changelog', (changelog) => ({ histories: arrayOf(own(record(changelog), 'histories'), readHistory) })),
  };
}

/** The login-like id a viewer is compared with: account id (Cloud) or username (Server/DC). */
const identity = (person: Person) => person?.accountId ?? person?.name ?? person?.displayName;
/** Lenient on purpose: a change item without a readable status is skipped, not a reason to drop the answer. */
function ownString(item: JsonRecord, key: string): string | undefined {
  const value = own(item, key);
  return typeof value === 'string' ? value : undefined;
}

/** Status changes oldest first, starting with the status the issue was created in. */
export function readStatusHistory(issue: JiraIssueResponse): StatusChange[] | undefined {
  const created = toUtcIso(issue.fields.created);
  const changes = (issue.changelog?.histories ?? [])
    .flatMap((history) =>
      history.items
        .filter((item) => item.field === 'status')
        .map((item) => ({ from: ownString(item, 'fromString'), status: ownString(item, 'toString'), at: toUtcIso(history.created) })),
    )
    .filter((change): change is { from: string | undefined; status: string; at: string } => !!change.status && !!change.at)
    .sort((a, b) => a.at.localeCompare(b.at));
  if (!created) return changes.length > 0 ? changes.map(({ status, at }) => ({ status, at })) : undefined;
  const initial = changes[0]?.from ?? issue.fields.status?.name;
  return [...(initial ? [{ status: initial, at: created }] : []), ...changes.map(({ status, at }) => ({ status, at }))];
}

/** The REST answer laid over the DOM ticket (REST is authoritative where it answers). */
export function applyJiraIssue(ticket: Ticket, issue: JiraIssueResponse, ignoredResponders: readonly string[] = []): Ticket {
  const { fields } = issue;
  const category = fields.status?.statusCategory?.key;
  // A resolution can be set on an open issue; the status category is the truth.
  const resolved = category ? category === 'done' : ticket.resolved;
  const statusHistory = readStatusHistory(issue);
  const enteredCurrentStatus = statusHistory?.at(-1)?.at;
  const reporter = identity(fields.reporter) ?? ticket.reporter;
  const comments = (fields.comment?.comments ?? []).map((comment) => ({
    author: identity(comment.author),
    at: toUtcIso(comment.created),
    isApp: comment.author?.accountType === 'app' || isBot(comment.author?.displayName ?? '', ignoredResponders),
  }));
  return finishTicket({
    ...ticket,
    title: fields.summary ?? ticket.title,
    status: fields.status?.name ?? ticket.status,
    priority: fields.priority?.name ?? ticket.priority,
    reporter,
    assignee: fields.assignee ? (fields.assignee.displayName ?? identity(fields.assignee)) : fields.assignee === null ? undefined : ticket.assignee,
    project: fields.project?.key ?? ticket.project,
    resolved,
    createdAt: toUtcIso(fields.created) ?? ticket.createdAt,
    resolvedAt: resolved ? (toUtcIso(fields.resolutiondate) ?? enteredCurrentStatus ?? ticket.resolvedAt) : undefined,
    firstResponseAt: firstResponseAt(comments, reporter, ignoredResponders) ?? ticket.firstResponseAt,
    labels: fields.labels ?? ticket.labels,
    components: fields.components?.map((component) => component.name) ?? ticket.components,
    statusHistory: statusHistory ?? ticket.statusHistory,
  });
}

/** Where the site's REST API lives: the ticket URL's context path (`/jira`), before `/browse/` or the portal. */
function restBase(ticket: Ticket): string {
  return ticket.url.match(/^(.*?)\/(?:browse|servicedesk)\//)?.[1] ?? ticket.origin;
}

export async function enrichJiraTicket(ticket: Ticket, fetchImpl: typeof fetch = fetch, ignoredResponders: readonly string[] = []): Promise<Ticket> {
  try {
    const url = `${restBase(ticket)}/rest/api/2/issue/${encodeURIComponent(ticket.key)}?fields=${FIELDS}&expand=changelog`;
    const response = await fetchImpl(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) return ticket;
    const issue = readOrUndefined(await response.json(), readJiraIssue);
    return issue ? applyJiraIssue(ticket, issue, ignoredResponders) : ticket;
  } catch {
    return ticket; // Refused, offline or aborted: the DOM ticket stands.
  }
}
