/**
 * What the content script put into a tracker page, read from outside: the light DOM holds one
 * host element per ticket (`[data-service-feedback][data-sf-key]`) right after the status
 * element; the badge and widget live in its (open) shadow root, which Playwright's locators
 * pierce.
 */
import type { Locator, Page } from 'playwright-core';
import { waitFor } from './wait';

export interface MountedHost {
  key: string | null;
  /** `data-testid` / id / class of the element right before the host (the ticket's status element). */
  previous: string;
}

/** Every host element in the page's light DOM (shadow roots are not searched: hosts live outside). */
export function mountedHosts(page: Page): Promise<MountedHost[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-service-feedback]')].map((host) => {
      const previous = host.previousElementSibling;
      return {
        key: host.getAttribute('data-sf-key'),
        previous: previous ? (previous.getAttribute('data-testid') ?? (previous.id || previous.className)) : '',
      };
    }),
  );
}

/** Waits until the page holds exactly one host, for `key`, and returns it. */
export async function waitForSingleHost(page: Page, key: string, timeout = 10_000): Promise<MountedHost> {
  let hosts: MountedHost[] = [];
  return waitFor(
    async () => {
      hosts = await mountedHosts(page);
      return hosts.length === 1 && hosts[0]!.key === key ? hosts[0] : undefined;
    },
    { what: `exactly one Service Feedback host for ${key}`, seen: () => JSON.stringify(hosts), timeout },
  );
}

export async function waitForNoHost(page: Page, timeout = 10_000): Promise<void> {
  let hosts: MountedHost[] = [];
  await waitFor(async () => (hosts = await mountedHosts(page)).length === 0, { what: 'no Service Feedback host in the page', seen: () => JSON.stringify(hosts), timeout });
}

/** The SLA badge's pill inside the host's shadow root. */
export function slaPill(page: Page): Locator {
  return page.locator('[data-service-feedback][data-sf-key] .sf-sla-pill');
}
