/** Jira DOM readers: Cloud's new issue view and Server/Data Center's classic page. */
import { queryFirst, readDate, readMeta, readText, readTexts, textOf, type SelectorChains } from '../dom';
import type { PageContext, TicketDraft } from '../types';
import type { JiraSelectorName } from './selectors';
import { contextPathFromUrl, isPortalRequestPage, jiraKeyFromUrl } from './urls';

type Chains = SelectorChains<JiraSelectorName>;

const NOBODY = /^(unassigned|none|anonymous|未分配|无)$/i;
const UNRESOLVED = /^(unresolved|none|未解决|无)?$/i;

/** Server/DC user links carry the username in `rel`; Cloud shows display names. */
function readPerson(doc: Document, chain: readonly string[]): string | undefined {
  const element = queryFirst(doc, chain);
  const name = element?.getAttribute('rel')?.trim() || textOf(element);
  return name && !NOBODY.test(name) ? name : undefined;
}

function readDisplayedKey(doc: Document, selectors: Chains): string | undefined {
  const element = queryFirst(doc, selectors.displayedKey);
  if (!element) return undefined;
  return element.getAttribute('data-issue-key') ?? element.getAttribute('href')?.match(/\/browse\/([^/?#]+)/)?.[1] ?? textOf(element);
}

/** Cloud's status button says "Done - Change status" in its label when the text span is missing. */
function readStatus(doc: Document, selectors: Chains): string | undefined {
  const element = queryFirst(doc, selectors.status);
  return textOf(element) ?? element?.getAttribute('aria-label')?.replace(/\s+-\s+Change status$/i, '').trim();
}

/** Done status category (Server lozenge) first; else any resolution or resolution date. */
function readResolved(doc: Document, selectors: Chains, resolvedAt: string | undefined): boolean {
  const lozenge = queryFirst(doc, selectors.statusCategory);
  if (lozenge) return /jira-issue-status-lozenge-done\b/.test(lozenge.className);
  const resolution = readText(doc, selectors.resolution);
  return (resolution !== undefined && !UNRESOLVED.test(resolution)) || resolvedAt !== undefined;
}

/** Server/Data Center pages say what they are; a configured origin serving something else gives no ticket. */
function isJiraServerPage(doc: Document): boolean {
  return readMeta(doc, 'application-name')?.toUpperCase() === 'JIRA' || doc.body?.id === 'jira' || readMeta(doc, 'ajs-issue-key') !== undefined;
}

export function readJiraPage({ url, doc, tracker, selectors }: PageContext<JiraSelectorName>): TicketDraft | null {
  const key = jiraKeyFromUrl(url);
  if (!key) return null;
  if (tracker && !isJiraServerPage(doc)) return null;
  // During SPA navigation the URL changes before the view: never report the old issue's facts.
  const shownKey = readDisplayedKey(doc, selectors);
  if (shownKey && shownKey !== key) return null;
  const title = readText(doc, selectors.title);
  const status = readStatus(doc, selectors);
  if (!title && !status) return null;

  // Cloud sites live at the root (their `/jira/…` paths are app routes); Server/DC may sit under a context path.
  const contextPath = tracker ? (('contextPath' in tracker && tracker.contextPath) || readMeta(doc, 'ajs-context-path') || contextPathFromUrl(url)) : '';
  const createdAt = readDate(queryFirst(doc, selectors.createdAt));
  const rawResolvedAt = readDate(queryFirst(doc, selectors.resolvedAt));
  const resolved = readResolved(doc, selectors, rawResolvedAt);
  return {
    tracker: 'jira',
    origin: url.origin,
    key,
    kind: 'issue',
    url: isPortalRequestPage(url) ? `${url.origin}${url.pathname}` : `${url.origin}${contextPath}/browse/${key}`,
    title,
    status,
    priority: readText(doc, selectors.priority),
    reporter: readPerson(doc, selectors.reporter),
    assignee: readPerson(doc, selectors.assignee),
    project: key.replace(/-\d+$/, ''),
    resolved,
    createdAt,
    resolvedAt: resolved ? rawResolvedAt : undefined,
    labels: readTexts(doc, selectors.labels),
    components: readTexts(doc, selectors.components),
    viewer: readMeta(doc, 'ajs-atlassian-account-id') ?? readMeta(doc, 'ajs-remote-user'),
  };
}
