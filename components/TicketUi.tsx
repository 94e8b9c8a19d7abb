/**
 * Everything Service Feedback shows for one ticket: the SLA badge and the rating widget. The
 * content script renders it into a shadow root and re-renders it when the ticket changes. With
 * the page's SLA catalogue it matches the service itself and draws the badge in its first
 * render; it tells the background (`ticket.seen`), whose answer brings the rating and the
 * eligibility (and the service, policy and calendar when no catalogue was given).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { request } from '../platform/message-client';
import type { SlaCatalogue, TicketContext } from '../utils/contracts/messages';
import type { SlaEvaluation, Ticket } from '../utils/contracts/schema';
import { latestImprovement, resolveSlaContext } from '../utils/catalogue/services';
import { readJsmSla } from '../utils/sla/jsm';
import { RatingWidget } from './RatingWidget';
import { RATING_CSS } from './rating-widget-styles';
import { SlaBadge } from './SlaBadge';
import { systemColorScheme, type ColorScheme } from './sla-color-scheme';

export interface TicketUiProps {
  ticket: Ticket;
  /** The host page's scheme (`pageColorScheme(document)`); defaults to the system preference. */
  colorScheme?: ColorScheme;
  /** Services, policies and calendars (page.config): the badge needs no round trip. */
  catalogue?: SlaCatalogue;
}

/** A stable identity for the effect: the same ticket state must not be re-sent on every render. */
const ticketIdentity = (ticket: Ticket) => JSON.stringify(ticket);

export function TicketUi({ ticket, colorScheme, catalogue }: TicketUiProps) {
  const [context, setContext] = useState<TicketContext>();
  const [external, setExternal] = useState<SlaEvaluation>();
  const identity = ticketIdentity(ticket);
  const local = useMemo(() => catalogue && resolveSlaContext(ticket, catalogue), [catalogue, identity]);
  const sla = local ?? context;

  useEffect(() => {
    let current = true;
    request('ticket.seen', { ticket }).then(
      (answer) => current && setContext(answer),
      (error: unknown) => console.warn('service-feedback: ticket.seen failed', error),
    );
    return () => {
      current = false;
    };
  }, [identity]);

  const wantsJsm = ticket.tracker === 'jira' && Boolean(sla?.policy && sla.calendar);
  useEffect(() => {
    if (!wantsJsm) return;
    let current = true;
    // Jira Service Management keeps its own SLA clock; when it answers, it wins over computing.
    readJsmSla(ticket.origin, ticket.key).then(
      (evaluation) => current && setExternal(evaluation),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [wantsJsm, ticket.origin, ticket.key]);

  const scheme = colorScheme ?? systemColorScheme();
  const eligibility = context?.eligibility;
  const showRating = ticket.resolved && Boolean(eligibility?.ask || context?.rating);

  return (
    <div class="sf-ticket-ui" data-service-feedback="ticket-ui" data-sf-scheme={scheme}>
      <style>{RATING_CSS}</style>
      {sla?.policy && sla.calendar && (
        <SlaBadge ticket={ticket} policy={sla.policy} calendar={sla.calendar} service={sla.service} external={external} colorScheme={scheme} />
      )}
      {showRating && (
        <RatingWidget
          // A new resolution or a new rating state starts the widget afresh.
          key={`${ticket.url}|${eligibility?.reason}|${context?.rating?.id ?? ''}`}
          serviceName={sla?.service?.name}
          improvement={latestImprovement(sla?.service)}
          project={ticket.project}
          existing={context?.rating}
          collapsed={eligibility?.collapsed}
          update={eligibility?.update}
          onSubmit={(draft) => request('rating.submit', { ticketUrl: ticket.url, draft })}
          onDismiss={(kind) => request('rating.dismiss', { ticketUrl: ticket.url, kind })}
          onRefresh={async () => (await request('rating.get', { ticketUrl: ticket.url })).rating}
          reply={context?.reply}
          onAnswer={(resolved, comment) => request('reply.answer', { ratingId: context!.reply!.ratingId, resolved, ...(comment.trim() ? { comment } : {}) })}
        />
      )}
    </div>
  );
}
