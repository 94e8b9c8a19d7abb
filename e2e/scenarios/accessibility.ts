/**
 * Scenarios 11 and 12: accessibility to WCAG 2.2 AA in real Chromium.
 * 11: axe-core finds no violation in the popup, the options page, the badge with the open rating
 *     panel (light and dark, before and after choosing a low score), the SLA popover, and the
 *     backend's sign-in, report and inbox pages; the SLA popover never covers the panel; in
 *     forced colours (Windows high contrast) the stars, pill borders and focus ring stay visible.
 * 12: keyboard only (Tab, Shift+Tab, arrows, Space, Enter, Escape): reach the badge, open the
 *     panel, rate, tag, comment, send (focus lands on the result), close, edit: the backend holds
 *     exactly the edited values.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { assertNoAxeViolations } from '../harness/axe';
import { Popup } from '../harness/popup';
import type { Scenario } from '../harness/scenario';
import { ratingWidget, slaPill } from '../harness/ticket-ui';
import { waitFor } from '../harness/wait';
import { checkCatalogueIcsUpload } from './catalogue-ics';
import { githubKey, openTicket, resolvedIssue, setUp } from './common';

const HOST = '[data-service-feedback][data-sf-key]';

interface Focused {
  inHost: boolean;
  tag: string;
  role: string | null;
  label: string | null;
  text: string;
  className: string;
  checked: boolean;
}

/** The focused element, looking through shadow roots (our host's is open). */
function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return null;
    return {
      inHost: Boolean(document.activeElement?.closest('[data-service-feedback][data-sf-key]')),
      tag: element.tagName,
      role: element.getAttribute('role'),
      label: element.getAttribute('aria-label'),
      text: (element.closest('label') ?? element).textContent?.trim().slice(0, 120) ?? '',
      className: typeof element.className === 'string' ? element.className : '',
      checked: (element as HTMLInputElement).checked === true,
    };
  });
}

/** Presses `key` until the focused element matches, at most `max` times; returns it. */
async function pressUntil(page: Page, key: string, matches: (element: Focused) => boolean, what: string, max = 40): Promise<Focused> {
  const seen: string[] = [];
  for (let step = 0; step < max; step++) {
    await page.keyboard.press(key);
    const element = await focused(page);
    if (element && matches(element)) return element;
    seen.push(element ? `${element.tag}.${element.className}[${element.label ?? element.text.slice(0, 30)}]` : 'body');
  }
  throw new Error(`${key} never reached ${what}; focus went through: ${seen.join(' → ')}`);
}

/** Waits for focus to settle on a matching element (Preact moves focus in an effect, after the render). */
async function focusSettles(page: Page, matches: (element: Focused) => boolean, what: string): Promise<Focused> {
  let last: Focused | null = null;
  return waitFor(async () => ((last = await focused(page)) && matches(last) ? last : undefined), { what, seen: () => JSON.stringify(last), timeout: 5_000 });
}

async function box(locator: Locator, what: string) {
  const found = await locator.boundingBox();
  assert.ok(found, `${what} is rendered`);
  return found;
}

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export const accessibilityAudit: Scenario = {
  name: '11 accessibility: axe-core (WCAG 2.2 AA) finds 0 violations in popup, options, badge + panel (light/dark), SLA popover, backend pages; forced colours keep stars and focus visible',
  timeoutMs: 60_000,
  async run(e2e) {
    const light = resolvedIssue(31);
    const dark = resolvedIssue(32, { colorMode: 'dark' });
    const { backend, browser } = await setUp(e2e, [light, dark]);

    const page = await openTicket(browser, light);
    const panel = ratingWidget(page);
    await panel.waitFor();
    await assertNoAxeViolations(page, 'the GitHub ticket: badge and open rating panel (light)', HOST);
    // A low score unfolds dimensions, "what went wrong" tags and the comment.
    await panel.getByRole('radio', { name: e2e.message('rating_stars_label', '2'), exact: true }).first().click();
    await panel.getByLabel(e2e.message('rating_comment_label'), { exact: true }).waitFor();
    await assertNoAxeViolations(page, 'the unfolded rating form (light)', HOST);

    // The SLA popover, opened while the panel is open, stays clear of the panel.
    await slaPill(page).hover();
    const popover = page.locator(`${HOST} .sf-sla-popover`);
    await popover.waitFor();
    const popoverBox = await box(popover, 'the SLA popover');
    const panelBox = await box(panel, 'the rating panel');
    assert.ok(!overlaps(popoverBox, panelBox), `the SLA popover ${JSON.stringify(popoverBox)} must not cover the panel ${JSON.stringify(panelBox)}`);
    await assertNoAxeViolations(page, 'the SLA popover', HOST);
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached' });

    // Forced colours: every star drawn in a system colour that differs from the background, the
    // pills outlined, the focus ring there.
    await page.emulateMedia({ forcedColors: 'active' });
    const forced = await page.evaluate((hostSelector) => {
      const root = document.querySelector(hostSelector)!.shadowRoot!;
      // No helper functions in here: tsx would wrap them in a `__name` call the page does not have.
      const [on, off, pill, sla] = ['.sf-star--on', '.sf-star:not(.sf-star--on)', '.sf-rate-pill', '.sf-sla-pill'].map((selector) => getComputedStyle(root.querySelector(selector)!));
      const stars = [...root.querySelectorAll('.sf-rating .sf-star')].map((star) => getComputedStyle(star));
      const first = root.querySelector<HTMLElement>('.sf-rating [role="radio"][tabindex="0"]')!;
      first.focus();
      return {
        starColours: stars.map((star) => [star.color, star.backgroundColor]),
        onColour: on!.color,
        offColour: off!.color,
        pillBorder: [pill!.borderTopStyle, pill!.borderTopColor],
        slaBorder: [sla!.borderTopStyle, sla!.borderTopColor],
        focusOutline: [getComputedStyle(first).outlineStyle, getComputedStyle(first).outlineWidth],
      };
    }, HOST);
    await page.emulateMedia({ forcedColors: 'none' });
    for (const [colour, background] of forced.starColours) assert.notEqual(colour, background, `forced colours: a star drawn ${colour} on ${background}`);
    assert.notEqual(forced.onColour, forced.offColour, 'forced colours: chosen and unchosen stars differ');
    for (const [what, [style, colour]] of [['rating pill', forced.pillBorder], ['SLA pill', forced.slaBorder]] as const) {
      assert.equal(style, 'solid', `forced colours: the ${what} has a border`);
      assert.notEqual(colour, 'rgba(0, 0, 0, 0)', `forced colours: the ${what}'s border is not transparent`);
    }
    assert.notEqual(forced.focusOutline[0], 'none', 'forced colours: the focused star has an outline');

    const darkPage = await openTicket(browser, dark);
    await ratingWidget(darkPage).waitFor();
    await assertNoAxeViolations(darkPage, 'the GitHub ticket: badge and open rating panel (dark)', HOST);
    await darkPage.close();

    // Send a low rating with a comment, so the report and the inbox have something to show.
    await panel.getByLabel(e2e.message('rating_tag_slow'), { exact: true }).check();
    await panel.getByLabel(e2e.message('rating_comment_label'), { exact: true }).fill('Took a week to get a reply.');
    await panel.getByRole('button', { name: e2e.message('rating_submit'), exact: true }).click();
    await panel.getByText(e2e.message('rating_thanks'), { exact: true }).waitFor();
    await assertNoAxeViolations(page, 'the thank-you summary', HOST);
    await waitFor(() => backend.ratings({ ticketKey: githubKey(light) }).length === 1, { what: 'the rating in the backend' });

    const popup = await Popup.open(browser, e2e.message);
    await assertNoAxeViolations(popup.page, 'the popup');
    const options = await browser.openExtensionPage('options.html');
    await options.locator('input[name="backendUrl"]').waitFor();
    await assertNoAxeViolations(options, 'the options page');

    // The backend's own pages, signed in as the admin (report) and as the service's owner (inbox).
    const web = await browser.context.newPage();
    const signIn = async (token: string) => {
      await web.goto(`${backend.url}/`);
      await web.locator('input[name="token"]').fill(token);
      await web.locator('form[action="/login"] button[type="submit"]').click();
      await web.waitForLoadState();
    };
    await web.goto(`${backend.url}/`);
    await assertNoAxeViolations(web, 'the backend sign-in page');
    await signIn('demo-admin-token');
    await web.locator('table').waitFor();
    assert.ok((await web.content()).includes('Took a week'), 'the report shows the comment');
    await assertNoAxeViolations(web, 'the backend report page');
    await checkCatalogueIcsUpload(web, backend.url);
    await web.locator('form[action="/logout"] button').click();
    await signIn('demo-owner-platform');
    await web.waitForURL(/\/inbox/);
    await web.locator('article.rating').first().waitFor();
    await assertNoAxeViolations(web, 'the backend inbox page');
  },
};

export const keyboardOnly: Scenario = {
  name: '12 keyboard only: Tab to the badge, Escape/Enter on the pill, arrows to rate, Space/Enter on tags, send, focus on the result, edit',
  timeoutMs: 60_000,
  async run(e2e) {
    const issue = resolvedIssue(41);
    const key = githubKey(issue);
    const { backend, browser } = await setUp(e2e, [issue]);
    const page = await openTicket(browser, issue);
    const panel = ratingWidget(page);
    await panel.waitFor(); // opened by itself for an unrated resolved ticket, without taking focus
    assert.equal(await focused(page), null, 'the automatic opening leaves focus on the page');

    const slaPopover = page.locator(`${HOST} .sf-sla-popover`);
    await pressUntil(page, 'Tab', (element) => element.inHost && element.className.includes('sf-sla-pill'), 'the SLA badge');
    await slaPopover.waitFor();
    const pillName = e2e.message('rating_pill');
    await pressUntil(page, 'Tab', (element) => element.inHost && element.className.includes('sf-rate-pill'), 'the rating pill', 3);
    await slaPopover.waitFor({ state: 'detached' });
    assert.ok((await focused(page))!.text.includes(pillName));

    // Escape on the pill closes the panel; Enter opens it with focus on the overall stars.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await page.keyboard.press('Enter');
    await panel.waitFor();
    await focusSettles(page, (found) => found.role === 'radio', 'opening puts focus on the stars');
    for (let step = 0; step < 4; step++) await page.keyboard.press('ArrowRight');
    await focusSettles(page, (found) => found.label === e2e.message('rating_stars_label', '4'), 'four arrows: focus on the 4th star');

    // Tags: Space on one, Enter on another (Enter must toggle, not send).
    const fast = await pressUntil(page, 'Tab', (found) => found.tag === 'INPUT' && found.text === e2e.message('rating_tag_fast'), 'the "Fast" tag');
    assert.equal(fast.checked, false);
    await page.keyboard.press('Space');
    await pressUntil(page, 'Tab', (found) => found.tag === 'INPUT' && found.text === e2e.message('rating_tag_clear'), 'the "Clear" tag', 3);
    await page.keyboard.press('Enter');
    assert.equal((await focused(page))!.checked, true, 'Enter ticked the tag');
    assert.equal(backend.ratings().length, 0, 'Enter on a tag sent nothing');

    await pressUntil(page, 'Tab', (found) => found.tag === 'TEXTAREA', 'the comment', 5);
    const comment = 'Sorted out without a single mouse click.';
    await page.keyboard.type(comment);
    await pressUntil(page, 'Tab', (found) => found.tag === 'BUTTON' && found.text === e2e.message('rating_submit'), 'Send rating', 3);
    await page.keyboard.press('Enter');
    await panel.getByText(e2e.message('rating_thanks'), { exact: true }).waitFor();
    await focusSettles(page, (found) => found.className.includes('sf-rating__thanks'), 'after sending, focus on the thank-you line');
    const rows = await waitFor(() => (backend.ratings({ ticketKey: key }).length === 1 ? backend.ratings({ ticketKey: key }) : undefined), { what: 'the rating in the backend' });
    assert.deepEqual({ overall: rows[0]!.overall, tags: [...rows[0]!.tags].sort(), comment: rows[0]!.comment }, { overall: 4, tags: ['clear', 'fast'], comment });

    // Escape closes back to the pill; Enter reopens the summary on Edit; change to 3; send.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await focusSettles(page, (found) => found.className.includes('sf-rate-pill'), 'Escape returns focus to the pill');
    // Shift+Tab leaves the widget for the SLA badge; Tab comes back.
    await page.keyboard.press('Shift+Tab');
    assert.ok((await focused(page))!.className.includes('sf-sla-pill'));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await panel.waitFor();
    await focusSettles(page, (found) => found.text === e2e.message('rating_edit'), 'reopening the summary puts focus on Edit');
    await page.keyboard.press('Enter');
    await focusSettles(page, (found) => found.label === e2e.message('rating_stars_label', '4'), 'Edit puts focus on the chosen star');
    await page.keyboard.press('ArrowLeft');
    await pressUntil(page, 'Tab', (found) => found.tag === 'BUTTON' && found.text === e2e.message('rating_submit_update'), 'Update rating', 25);
    await page.keyboard.press('Enter');
    await waitFor(() => backend.ratings({ ticketKey: key })[0]?.overall === 3, { what: 'the edited score 3 in the backend' });
    assert.equal(backend.ratings({ ticketKey: key }).length, 1, 'the edit replaced the rating, no second row');
  },
};
