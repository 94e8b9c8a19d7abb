import type { Ticket } from '../utils/schema';

/** Everything Service Feedback shows for one ticket: SLA badge and rating widget. */
export function TicketUi(_props: { ticket: Ticket }) {
  return null;
}
