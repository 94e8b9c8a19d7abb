/** Shared fixtures for the SLA, service-matching and badge tests: the example config and a Ticket builder. */
import example from '../../../config/example.json';
import { RemoteConfig, Ticket } from '../../../utils/contracts/schema';

export const exampleConfig = RemoteConfig.parse(example);

const byId = <T extends { id: string }>(items: T[], id: string): T => {
  const found = items.find((item) => item.id === id);
  if (!found) throw new Error(`config/example.json has no "${id}"`);
  return found;
};
export const chinaCalendar = byId(exampleConfig.calendars, 'cn-mainland-2026');
export const usCalendar = byId(exampleConfig.calendars, 'us-2026');
export const alwaysOnCalendar = byId(exampleConfig.calendars, 'always-on');
export const chinaPolicy = byId(exampleConfig.policies, 'standard-cn');
export const usPolicy = byId(exampleConfig.policies, 'standard-us');
export const itHelpdesk = byId(exampleConfig.services, 'it-helpdesk');

/** A Jira ticket on acme.atlassian.net with the given fields on top. */
export function makeTicket(fields: Partial<Ticket> = {}): Ticket {
  return Ticket.parse({
    tracker: 'jira',
    origin: 'https://acme.atlassian.net',
    key: 'IT-7',
    kind: 'issue',
    url: 'https://acme.atlassian.net/browse/IT-7',
    resolved: false,
    ...fields,
  });
}
