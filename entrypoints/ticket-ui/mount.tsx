/**
 * The one injected element: a shadow-root host right after the ticket's status element, where
 * `TicketUi` (SLA badge, rating widget) renders. Page data only ever reaches the DOM as Preact
 * text and props, never as HTML.
 */
import { render } from 'preact';
import { pageColorScheme } from '../../components/sla-color-scheme';
import { TicketUi } from '../../components/TicketUi';
import type { SlaCatalogue } from '../../utils/contracts/messages';
import type { Ticket } from '../../utils/contracts/schema';
import { t } from '../../platform/i18n';

export const HOST_ATTRIBUTE = 'data-service-feedback';

export interface TicketView {
  host: HTMLElement;
  /** Re-renders in place (a half-filled rating stays); a new catalogue replaces the one drawn with. */
  update(ticket: Ticket, catalogue?: SlaCatalogue): void;
  destroy(): void;
}

export function isOwnNode(node: Node): boolean {
  return node instanceof Element && (node.hasAttribute(HOST_ATTRIBUTE) || !!node.closest(`[${HOST_ATTRIBUTE}]`));
}

/** `catalogue` (from page.config) lets TicketUi draw the SLA badge in this very render. */
export function mountTicketView(ticket: Ticket, anchor: Element, catalogue?: SlaCatalogue): TicketView {
  // A host left behind by an earlier instance of this script (extension reload) must not make two.
  for (const stale of Array.from(anchor.ownerDocument.querySelectorAll(`[${HOST_ATTRIBUTE}]`))) stale.remove();
  const host = anchor.ownerDocument.createElement('sf-ticket');
  host.setAttribute(HOST_ATTRIBUTE, '');
  host.setAttribute('data-sf-key', ticket.key);
  host.setAttribute('role', 'group');
  host.setAttribute('aria-label', t('content_widgetLabel', ticket.key));
  // Inline beside the status chip, whatever the tracker's row is (flex or text): the host must
  // never start a line of its own or push the header around. An inline style outranks page CSS.
  host.style.cssText = 'display:inline-flex;vertical-align:middle;align-items:center;margin-left:6px;max-width:100%';
  const root = host.attachShadow({ mode: 'open' });
  anchor.after(host);
  const colorScheme = pageColorScheme(anchor.ownerDocument);
  let drawnCatalogue = catalogue;
  const update = (next: Ticket, nextCatalogue = drawnCatalogue) => {
    drawnCatalogue = nextCatalogue;
    // The strings may have changed with the config (page.config.changed): the label follows.
    host.setAttribute('aria-label', t('content_widgetLabel', next.key));
    render(<TicketUi ticket={next} colorScheme={colorScheme} catalogue={nextCatalogue} />, root);
  };
  update(ticket);
  return {
    host,
    update,
    destroy() {
      render(null, root);
      host.remove();
    },
  };
}
