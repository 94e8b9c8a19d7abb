/**
 * Scenario 2: an open Jira Cloud ticket created a day ago. The badge must sit inline beside the
 * status button and show the state and the remaining business time of its service's policy
 * (IT → IT Help Desk → standard-cn, China mainland calendar), computed here with the project's
 * own SLA engine from the same facts. Also takes the README screenshot of Jira (light).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { businessDayMinutes, formatBusinessDuration } from '../../components/sla-badge-model';
import { RemoteConfig, type Ticket } from '../../utils/contracts/schema';
import { resolveSlaContext } from '../../utils/catalogue/services';
import { evaluateSla } from '../../utils/sla';
import { EXAMPLE_CONFIG } from '../harness/backend';
import { configureBackend } from '../harness/options-page';
import type { Scenario } from '../harness/scenario';
import { assertHostBesideStatus, screenshotAround, slaPill, ticketHost, waitForSingleHost } from '../harness/ticket-ui';
import { minutesAgo } from '../pages/html';
import { jiraIssuePage, jiraIssuePath, jiraRestIssue, jiraRestPath, type JiraIssue } from '../pages/jira';

const ORIGIN = 'https://acme.atlassian.net';
const STATUS_BUTTON = 'issue-field-status.ui.status-view.status-button.status-button';

export const jiraSlaBadge: Scenario = {
  name: '2 open Jira Cloud ticket: badge inline beside the status shows state and remaining business time of its policy',
  async run(e2e) {
    // A day old, priority Low (first response 3 business days): always running, whatever the hour.
    const issue: JiraIssue = {
      key: 'IT-42',
      summary: 'Laptop does not join the VPN',
      status: 'In Progress',
      statusCategory: 'indeterminate',
      priority: 'Low',
      reporter: { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Ana Requester' },
      viewerAccountId: '5b10ac8d82e05b22cc7d4ef5',
      created: minutesAgo(24 * 60),
    };
    e2e.pages.page('acme.atlassian.net', jiraIssuePath(issue), jiraIssuePage(issue));
    e2e.pages.serve('acme.atlassian.net', jiraRestPath(issue), { type: 'application/json', body: jiraRestIssue(issue) });

    const backend = await e2e.backend();
    const browser = await e2e.launch();
    await configureBackend(browser, e2e.message, backend);

    // The same facts the extension reads (DOM + REST), evaluated with the project's own engine.
    const config = RemoteConfig.parse(JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')));
    const ticket: Ticket = {
      tracker: 'jira', origin: ORIGIN, key: issue.key, kind: 'issue', url: `${ORIGIN}/browse/${issue.key}`,
      title: issue.summary, status: issue.status, priority: issue.priority, project: 'IT', resolved: false,
      createdAt: new Date(issue.created).toISOString(), labels: [], components: [],
      statusHistory: [{ status: issue.status, at: new Date(issue.created).toISOString() }],
    };
    const { service, policy, calendar } = resolveSlaContext(ticket, config);
    assert.equal(service?.id, 'it-helpdesk', 'the example config puts IT tickets under the IT Help Desk');
    assert.ok(policy && calendar);
    const expectedAt = (now: Date) => {
      const goal = evaluateSla(ticket, policy, calendar, now).firstResponse!;
      const text = e2e.message('sla_response_due_in', formatBusinessDuration(goal.remainingMinutes, 'en-US', businessDayMinutes(calendar)));
      return { state: goal.state, label: e2e.message('sla_aria_label', text, e2e.message(`sla_state_${goal.state.replace('-', '_')}`)), text };
    };

    const page = await browser.context.newPage();
    const before = new Date();
    await page.goto(`${ORIGIN}${jiraIssuePath(issue)}`);
    const host = await waitForSingleHost(page, issue.key);
    assert.equal(host.previous, STATUS_BUTTON, 'the host sits right after the status button, not after its full-width wrapper');
    const pill = slaPill(page);
    await pill.waitFor();
    const status = page.locator(`button[data-testid="${STATUS_BUTTON}"]`);
    await assertHostBesideStatus(page, status);
    const shown = { state: await pill.getAttribute('data-state'), label: await pill.getAttribute('aria-label'), text: (await pill.locator('span[aria-hidden="true"]:not(.sf-sla-dot)').innerText()).trim() };
    const after = new Date();

    // A minute boundary may pass while the page loads: either side's figure is right.
    const candidates = [expectedAt(before), expectedAt(after)];
    assert.equal(candidates[0]!.state, 'running', 'a day-old Low ticket is on track');
    assert.ok(
      candidates.some((expected) => expected.state === shown.state && expected.label === shown.label && expected.text === shown.text),
      `badge shows ${JSON.stringify(shown)}, expected one of ${JSON.stringify(candidates)}`,
    );
    assert.ok(e2e.pages.requests.some((line) => line.startsWith(`acme.atlassian.net ${jiraRestPath(issue)}?`)), 'the content script asked Jira REST for the dates');

    // Key, title and the status row with the badge beside the chip: what the README shows.
    await screenshotAround(page, [page.locator('nav[aria-label="Breadcrumbs"]'), page.locator('h1'), status, ticketHost(page)], `${e2e.resultsDir}/jira-badge.png`);
  },
};
