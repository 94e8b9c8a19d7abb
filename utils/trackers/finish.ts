/**
 * The last step of every detection and enrichment: keep the page's words within the contract's
 * limits so the result always passes `Ticket.parse` (the fixture tests check it on every page).
 * No zod at runtime here: the content script must stay small, and the background validates
 * every Ticket it receives with the full schema anyway.
 */
import type { Ticket } from '../contracts/schema';
import type { TicketDraft } from './types';

const clip = (text: string | undefined, max: number) => (text && text.length > max ? `${text.slice(0, max - 1)}…` : text);
const clipAll = (texts: string[] | undefined) => (texts ?? []).slice(0, 200).map((text) => clip(text, 200)!);

export function finishTicket(draft: TicketDraft): Ticket {
  const ticket: Ticket = {
    ...draft,
    key: clip(draft.key, 300)!,
    title: clip(draft.title, 1000),
    status: clip(draft.status, 200),
    priority: clip(draft.priority, 100),
    reporter: clip(draft.reporter, 200),
    assignee: clip(draft.assignee, 200),
    project: clip(draft.project, 300),
    viewer: clip(draft.viewer, 200),
    labels: clipAll(draft.labels),
    components: clipAll(draft.components),
    statusHistory: draft.statusHistory?.slice(-2000).map((change) => ({ ...change, status: clip(change.status, 200)! })),
  };
  // Absent facts are left out rather than set to undefined, so two readings compare as JSON.
  return Object.fromEntries(Object.entries(ticket).filter(([, value]) => value !== undefined && value !== '')) as Ticket;
}
