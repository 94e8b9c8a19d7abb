/**
 * The ticket UI for rule-based trackers (Redmine, ZenTao, any configured rules): the loop, Preact, SLA badge and rating widget
 * (entrypoints/ticket-ui/) with this one tracker's readers. The worker injects it with
 * `scripting.executeScript` into the one frame whose watcher asked (`ticket-ui.load { tracker: 'generic' }`),
 * into the same isolated world as the watcher; it only leaves its start function there
 * (utils/contracts/ticket-ui.ts), which the watcher runs with its own context and page config.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { genericAdapter } from '../utils/trackers/generic';
import { offerTicketUiFor } from './ticket-ui/loop';

export default defineUnlistedScript(() => offerTicketUiFor(genericAdapter));
