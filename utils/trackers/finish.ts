/** The last step of every detection and enrichment: keep the page's words within the contract, then validate. */
import { Ticket } from '../schema';
import type { TicketDraft } from './types';

const clip = (text: string | undefined, max: number) => (text && text.length > max ? `${text.slice(0, max - 1)}…` : text);
const clipAll = (texts: string[] | undefined) => (texts ?? []).slice(0, 200).map((text) => clip(text, 200)!);

export function finishTicket(draft: TicketDraft): Ticket {
  return Ticket.parse({
    ...draft,
    title: clip(draft.title, 1000),
    status: clip(draft.status, 200),
    priority: clip(draft.priority, 100),
    reporter: clip(draft.reporter, 200),
    assignee: clip(draft.assignee, 200),
    project: clip(draft.project, 300),
    viewer: clip(draft.viewer, 200),
    labels: clipAll(draft.labels),
    components: clipAll(draft.components),
    statusHistory: draft.statusHistory?.slice(-2000),
  });
}
