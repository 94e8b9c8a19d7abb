/**
 * The toolbar popup opened as a page (`chrome-extension://<id>/popup.html`), read by what it
 * says: the outbox counts, the pending feedback list, the quick-rate stars.
 */
import type { Locator, Page } from 'playwright-core';
import type { ExtensionBrowser } from './browser';
import type { Messages } from './messages';

export interface OutboxCounts {
  waiting: number;
  synced: number;
  rejected: number;
}

export class Popup {
  private constructor(readonly page: Page, private readonly message: Messages) {}

  static async open(browser: ExtensionBrowser, message: Messages): Promise<Popup> {
    const popup = new Popup(await browser.openExtensionPage('popup.html'), message);
    await popup.loaded();
    return popup;
  }

  /** The popup reads everything once when opened; reopening is how a person refreshes it. */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.loaded();
  }

  private async loaded(): Promise<void> {
    const outbox = this.page.locator('section', { has: this.page.getByRole('heading', { name: this.message('popup_outbox_heading'), exact: true }) });
    await outbox.locator('dl, .sf-empty').first().waitFor();
  }

  /** The Outbox numbers; all zero when the popup says there are no ratings yet. */
  async outbox(): Promise<OutboxCounts> {
    const count = async (key: string) => {
      const value = this.page.locator(`xpath=//dt[normalize-space()="${this.message(key)}"]/following-sibling::dd[1]`);
      return (await value.count()) === 0 ? 0 : Number(await value.innerText());
    };
    return { waiting: await count('popup_outbox_waiting'), synced: await count('popup_outbox_synced'), rejected: await count('popup_outbox_rejected') };
  }

  async syncNow(): Promise<void> {
    await this.page.getByRole('button', { name: this.message('popup_outbox_sync_now'), exact: true }).click();
    await this.page.getByRole('button', { name: this.message('popup_outbox_sync_now'), exact: true }).waitFor();
  }

  pendingItems(): Locator {
    return this.page.locator('li.sf-pending__item');
  }

  /** Titles of the pending feedback list, as shown (text, never markup). */
  async pendingTitles(): Promise<string[]> {
    // textContent, not innerText: innerText depends on layout, which a heavily loaded machine had not done yet (CI saw two empty strings).
    return this.pendingItems().locator('.sf-pending__title').allTextContents();
  }

  /** Quick-rates one pending ticket with `score` stars; resolves on the popup's thanks. */
  async quickRate(ticketKey: string, score: number): Promise<void> {
    await this.page
      .getByRole('radiogroup', { name: this.message('popup_pending_quick_rate', ticketKey), exact: true })
      .getByRole('radio', { name: this.message('rating_stars_label', String(score)), exact: true })
      .click();
    await this.page.getByText(this.message('popup_pending_rated', ticketKey, String(score)), { exact: true }).waitFor();
  }
}
