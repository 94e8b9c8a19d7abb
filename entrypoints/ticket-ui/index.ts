/**
 * The ticket UI (detection readers, Preact, SLA badge, rating widget), injected by the worker with
 * `scripting.executeScript` into the one frame whose watcher asked (`ticket-ui.load`), into the
 * same isolated world as the watcher. It only leaves its start function for the watcher
 * (utils/contracts/ticket-ui.ts); the watcher runs it with its own context and page config.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { offerTicketUi } from '../../utils/contracts/ticket-ui';
import { startTicketUi } from './loop';

export default defineUnlistedScript(() => {
  offerTicketUi(startTicketUi);
});
