// @vitest-environment happy-dom
/**
 * Where the Jira widget mounts: right after the status chip itself (Cloud's status button,
 * Server/DC's lozenge), so the inline host shares the chip's line; the wrappers only as fallbacks.
 */
import { describe, expect, it } from 'vitest';
import { detectTicket, findMountAnchor } from '../../../utils/trackers';
import { loadFixtures, parsePage } from './fixture-pages';

const STATUS_BUTTON = 'issue-field-status.ui.status-view.status-button.status-button';
const STATUS_WRAPPER = 'issue.views.issue-base.foundation.status.status-field-wrapper';

const jiraPages = loadFixtures().filter((page) => page.tracker === 'jira' && page.expected !== null);

function anchorOf(name: string, edit: (doc: Document) => void = () => {}): Element | null {
  const page = jiraPages.find((candidate) => candidate.name === name)!;
  const doc = parsePage(page.html);
  edit(doc);
  const ticket = detectTicket(page.url, doc, page.options);
  expect(ticket, `${name} is still read as a ticket`).not.toBeNull();
  return findMountAnchor(ticket!, doc, page.options);
}

/** Tag plus the attribute that names it, e.g. `BUTTON[data-testid=…]`, `SPAN.jira-issue-status-lozenge`. */
function describeElement(element: Element | null): string {
  if (!element) return 'none';
  const testId = element.getAttribute('data-testid') ?? element.getAttribute('data-test-id');
  if (testId) return `${element.tagName}[${element.hasAttribute('data-testid') ? 'data-testid' : 'data-test-id'}=${testId}]`;
  if (element.id) return `${element.tagName}#${element.id}`;
  return element.classList[0] ? `${element.tagName}.${element.classList[0]}` : `${element.tagName} in ${describeElement(element.parentElement)}`;
}

describe('Jira mount anchor on the saved pages', () => {
  it.each([
    ['cloud-browse-open', `BUTTON[data-testid=${STATUS_BUTTON}]`, 'In Progress'],
    ['cloud-browse-done', `BUTTON[data-testid=${STATUS_BUTTON}]`, ''],
    ['cloud-board-modal', `BUTTON[data-testid=${STATUS_BUTTON}]`, 'To Do'],
    ['cloud-queue-issue', `BUTTON[data-testid=${STATUS_BUTTON}]`, 'Waiting for customer'],
    ['server-context-path-open', 'SPAN.jira-issue-status-lozenge', '处理中'],
    ['server-root-resolved', 'SPAN.jira-issue-status-lozenge', 'Closed'],
    ['cloud-portal-request', 'SPAN in DIV[data-testid=request-details.status]', 'Waiting for support'],
  ])('%s → %s', (name, expected, statusText) => {
    const anchor = anchorOf(name);
    expect(describeElement(anchor)).toBe(expected);
    expect(anchor!.textContent!.trim()).toBe(statusText);
  });

  it('covers every Jira ticket fixture', () => {
    expect(jiraPages.map((page) => page.name).sort()).toEqual(
      ['cloud-board-modal', 'cloud-browse-done', 'cloud-browse-open', 'cloud-portal-request', 'cloud-queue-issue', 'server-context-path-open', 'server-root-resolved'],
    );
  });
});

describe('Jira mount anchor fallbacks when the chip is not found', () => {
  const dropButtonTestId = (doc: Document) => doc.querySelector(`button[data-testid="${STATUS_BUTTON}"]`)!.removeAttribute('data-testid');

  it.each([
    ['cloud-browse-open', 'the status wrapper (data-testid)', dropButtonTestId, `DIV[data-testid=${STATUS_WRAPPER}]`],
    ['cloud-browse-done', 'the older status wrapper (data-test-id)', dropButtonTestId, `DIV[data-test-id=${STATUS_WRAPPER}]`],
    ['server-root-resolved', '#status-val', (doc: Document) => doc.querySelector('.jira-issue-status-lozenge')!.remove(), 'SPAN#status-val'],
    [
      'cloud-portal-request',
      'the portal status block',
      (doc: Document) => doc.querySelector('[data-testid="request-details.status"]')!.replaceChildren('Waiting for support'),
      'DIV[data-testid=request-details.status]',
    ],
  ])('%s without its chip → %s', (name, _what, edit, expected) => {
    expect(describeElement(anchorOf(name, edit))).toBe(expected);
  });

  it('a configured statusAnchor chain replaces the built-in one', () => {
    const page = jiraPages.find((candidate) => candidate.name === 'cloud-browse-open')!;
    const doc = parsePage(page.html);
    const ticket = detectTicket(page.url, doc)!;
    const anchor = findMountAnchor(ticket, doc, { selectorOverrides: { jira: { statusAnchor: [`[data-testid="${STATUS_WRAPPER}"]`] } } });
    expect(describeElement(anchor)).toBe(`DIV[data-testid=${STATUS_WRAPPER}]`);
  });
});
