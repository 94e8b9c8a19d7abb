/**
 * What the content script put into a tracker page, read from outside: the light DOM holds one
 * host element per ticket (`[data-service-feedback][data-sf-key]`) right after the status
 * element; the badge and widget live in its (open) shadow root, which Playwright's locators
 * pierce.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { Messages } from './messages';
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

/** The rating widget inside the host's shadow root. */
export function ratingWidget(page: Page): Locator {
  return page.locator('[data-service-feedback][data-sf-key] section.sf-rating');
}

export interface RatingInput {
  overall: number;
  communication?: number;
  understanding?: number;
  proactiveness?: number;
  /** Tag message keys, e.g. `rating_tag_fast`. */
  tags?: string[];
  comment?: string;
}

/** Fills the widget like a person (stars, dimensions, tags, comment) and sends it; resolves on the thanks. */
export async function rateInWidget(page: Page, message: Messages, input: RatingInput): Promise<void> {
  const widget = ratingWidget(page);
  const stars = (group: string, score: number) =>
    widget.getByRole('radiogroup', { name: group, exact: true }).getByRole('radio', { name: message('rating_stars_label', String(score)), exact: true });
  await stars(message('rating_overall_label'), input.overall).click();
  for (const dimension of ['communication', 'understanding', 'proactiveness'] as const) {
    const score = input[dimension];
    if (score !== undefined) await stars(`${message(`rating_dim_${dimension}`)} (${message('rating_optional')})`, score).click();
  }
  for (const tag of input.tags ?? []) await widget.getByLabel(message(tag), { exact: true }).check();
  if (input.comment !== undefined) await widget.getByLabel(message('rating_comment_label'), { exact: true }).fill(input.comment);
  await widget.getByRole('button', { name: message('rating_submit'), exact: true }).click();
  await widget.getByText(message('rating_thanks'), { exact: true }).waitFor();
}

/** The host element itself (light DOM), not the `[data-service-feedback]` root inside its shadow. */
export function ticketHost(page: Page): Locator {
  return page.locator('[data-service-feedback][data-sf-key]');
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function boxOf(element: Locator, what: string): Promise<Box> {
  const box = await element.boundingBox();
  assert.ok(box, `${what} is rendered`);
  return box;
}

/**
 * Asserts the host shares the status chip's line: its vertical centre lies within the chip's box
 * and it starts right of the chip (a host on a line of its own fails both ways).
 */
export async function assertHostBesideStatus(page: Page, status: Locator): Promise<void> {
  const chip = await boxOf(status, 'the status chip');
  const host = await boxOf(ticketHost(page), 'the Service Feedback host');
  const centre = host.y + host.height / 2;
  const seen = `status ${JSON.stringify(chip)}, host ${JSON.stringify(host)}`;
  assert.ok(centre >= chip.y && centre <= chip.y + chip.height, `the host's vertical centre is within the status chip's height (${seen})`);
  assert.ok(host.x >= chip.x + chip.width - 0.5, `the host starts right of the status chip (${seen})`);
}

/**
 * Screenshot of the smallest page area holding every element of `parts` plus `margin` pixels, so
 * a panel that floats outside its anchor's box (the rating form) is not cut off.
 */
export async function screenshotAround(page: Page, parts: Locator[], path: string, margin = 16): Promise<void> {
  const elements = (await Promise.all(parts.map((part) => part.all()))).flat();
  assert.ok(elements.length > 0, 'the screenshot has something to show');
  const boxes = await Promise.all(elements.map((element, index) => boxOf(element, `screenshot element ${index + 1}`)));
  // Bounding boxes are viewport-relative; a full-page clip is document-relative.
  const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
  const left = Math.max(0, Math.min(...boxes.map((box) => box.x)) + scroll.x - margin);
  const top = Math.max(0, Math.min(...boxes.map((box) => box.y)) + scroll.y - margin);
  const right = Math.max(...boxes.map((box) => box.x + box.width)) + scroll.x + margin;
  const bottom = Math.max(...boxes.map((box) => box.y + box.height)) + scroll.y + margin;
  await page.screenshot({ path, fullPage: true, clip: { x: left, y: top, width: right - left, height: bottom - top } });
}
