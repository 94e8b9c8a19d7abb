/**
 * Jira enrichment over the site's own REST API (same origin, the user's session): dates, status
 * category, priority, people, labels, components, first response and status history. Detection
 * never waits for this; any failure (REST refused, offline, odd answer) keeps the DOM ticket.
 */
// zod/mini: the same validation at a fraction of the classic API's size in the content script.
import * as z from 'zod/mini';
import type { StatusChange, Ticket } from '../../schema';
import { toUtcIso } from '../dom';
import { finishTicket } from '../finish';
import { firstResponseAt, isBot } from '../people';

const FIELDS = 'summary,status,resolution,resolutiondate,created,priority,reporter,assignee,labels,components,comment,project';

/** Cloud people carry `accountId`; Server/DC people carry the username in `name`. */
const Person = z.nullish(
  z.object({ accountId: z.optional(z.string()), name: z.optional(z.string()), displayName: z.optional(z.string()), accountType: z.optional(z.string()) }),
);
type Person = z.infer<typeof Person>;

// Changelog items are read loosely: their `toString` key would collide with Object.prototype in a strict shape.
const ChangeItem = z.looseObject({ field: z.string() });

export const JiraIssueResponse = z.object({
  key: z.string(),
  fields: z.object({
    summary: z.optional(z.string()),
    created: z.optional(z.string()),
    resolutiondate: z.nullish(z.string()),
    status: z.optional(z.object({ name: z.string(), statusCategory: z.optional(z.object({ key: z.string() })) })),
    priority: z.nullish(z.object({ name: z.string() })),
    reporter: Person,
    assignee: Person,
    labels: z.optional(z.array(z.string())),
    components: z.optional(z.array(z.object({ name: z.string() }))),
    project: z.optional(z.object({ key: z.string() })),
    comment: z.optional(z.object({ comments: z.array(z.object({ author: Person, created: z.string() })) })),
  }),
  changelog: z.optional(z.object({ histories: z.array(z.object({ created: z.string(), items: z.array(ChangeItem) })) })),
});
export type JiraIssueResponse = z.infer<typeof JiraIssueResponse>;

/** The login-like id a viewer is compared with: account id (Cloud) or username (Server/DC). */
const identity = (person: Person) => person?.accountId ?? person?.name ?? person?.displayName;
const ownString = (item: Record<string, unknown>, key: string) => (Object.hasOwn(item, key) && typeof item[key] === 'string' ? (item[key] as string) : undefined);

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
    const issue = JiraIssueResponse.safeParse(await response.json());
    return issue.success ? applyJiraIssue(ticket, issue.data, ignoredResponders) : ticket;
  } catch {
    return ticket; // Refused, offline or aborted: the DOM ticket stands.
  }
}
