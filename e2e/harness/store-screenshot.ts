/**
 * Store listing screenshots (docs/STORE.md): the whole viewport at 1280 × 800, the size the
 * Chrome Web Store asks for and AMO accepts, quantised to a 256-colour palette (sharp) so each
 * stays a few tens of KB. They go to `test-results/store/`; with `E2E_STORE_SCREENSHOTS=docs`
 * also to `docs/store/`, the copies the listing uses (opt-in, so a normal run leaves docs/ alone).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';

export const STORE_SIZE = { width: 1280, height: 800 } as const;
const DOCS_STORE_DIR = resolve(import.meta.dirname, '../../docs/store');

export async function storeScreenshot(page: Page, resultsDir: string, name: string): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize(STORE_SIZE);
  try {
    const raw = await page.screenshot({ scale: 'css', animations: 'disabled' });
    const png = await sharp(raw).png({ palette: true, colours: 256, compressionLevel: 9, effort: 10 }).toBuffer();
    const { width, height } = await sharp(png).metadata();
    assert.deepEqual({ width, height }, STORE_SIZE, `${name}: the store size`);
    const dirs = [join(resultsDir, 'store'), ...(process.env.E2E_STORE_SCREENSHOTS === 'docs' ? [DOCS_STORE_DIR] : [])];
    for (const dir of dirs) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, name), png);
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
}
