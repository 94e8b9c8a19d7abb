/**
 * Whether to ask a person to rate a ticket. Pure: the background feeds it what it stored.
 */
import type { DismissalKind, Eligibility } from '../contracts/messages';
import type { Service, Ticket } from '../contracts/schema';

export const DEFAULT_RATING_WINDOW_DAYS = 28;
const DAY_MS = 24 * 60 * 60_000;

export interface EligibilityInput {
  ticket: Pick<Ticket, 'resolved' | 'reporter' | 'viewer'>;
  /** When the ticket was (last) resolved: the tracker's date, else when we first saw it resolved. */
  resolvedAt?: string;
  service?: Pick<Service, 'whoMayRate'>;
  ratingWindowDays?: number;
  dismissal?: DismissalKind;
  /** The existing rating, with the resolution it rated. */
  rating?: { ticketResolvedAt?: string };
  now: Date;
}

function sameUser(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.trim() !== '' && a.trim().toLowerCase() === b.trim().toLowerCase();
}

function hidden(reason: Eligibility['reason']): Eligibility {
  return { ask: false, reason, collapsed: false, update: false };
}

export function decideEligibility(input: EligibilityInput): Eligibility {
  const { ticket, resolvedAt, service, dismissal, rating, now } = input;
  if (!ticket.resolved) return hidden('not-resolved');
  if (dismissal === 'never') return hidden('dismissed');
  if (service?.whoMayRate !== 'anyone' && !sameUser(ticket.reporter, ticket.viewer)) return hidden('not-requester');

  // A rating stays; a later resolution (reopened, resolved again) earns an offer to update it.
  const resolvedAgain =
    rating?.ticketResolvedAt !== undefined && resolvedAt !== undefined && Date.parse(resolvedAt) > Date.parse(rating.ticketResolvedAt);
  if (rating && !resolvedAgain) return hidden('rated');

  const windowDays = input.ratingWindowDays ?? DEFAULT_RATING_WINDOW_DAYS;
  if (resolvedAt !== undefined && now.getTime() - Date.parse(resolvedAt) > windowDays * DAY_MS) return hidden('window-passed');

  return { ask: true, reason: resolvedAgain ? 'update' : 'ask', collapsed: dismissal === 'not-now', update: resolvedAgain };
}
