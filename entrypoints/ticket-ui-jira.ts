/**
 * The ticket UI for Jira (Cloud, Server / Data Center): the loop, Preact, SLA badge and rating widget
 * (entrypoints/ticket-ui/) with this one tracker's readers. The worker injects it with
 * `scripting.executeScript` into the one frame whose watcher asked (`ticket-ui.load { tracker: 'jira' }`),
 * into the same isolated world as the watcher; it only leaves its start function there
 * (utils/contracts/ticket-ui.ts), which the watcher runs with its own context and page config.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { jiraAdapter } from '../utils/trackers/jira';
import { offerTicketUiFor } from './ticket-ui/loop';

export default defineUnlistedScript(() => offerTicketUiFor(jiraAdapter));
