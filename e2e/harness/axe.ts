/**
 * axe-core (the engine itself, from node_modules) run inside a page of the real browser. It is
 * evaluated through the DevTools protocol, which no page CSP blocks (extension pages and the
 * backend's pages allow no inline script). Only the WCAG 2.0/2.1/2.2 A and AA rules run: those
 * are what "WCAG 2.2 AA" promises; axe's best-practice rules are not part of it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG22_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Violations in the whole page, or only in the elements `include` selects (shadow roots included). */
export async function axeViolations(page: Page, include?: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ include, tags }) => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const context = include ? { include: [include] } : document;
      const result = await axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? null,
        help: violation.help,
        nodes: violation.nodes.map((node) => `${JSON.stringify(node.target)}: ${node.failureSummary ?? ''}`),
      }));
    },
    { include, tags: [...WCAG22_AA_TAGS] },
  );
}

/** Fails with every violation spelled out (rule, what it means, where, why). */
export async function assertNoAxeViolations(page: Page, what: string, include?: string): Promise<void> {
  const violations = await axeViolations(page, include);
  assert.equal(violations.length, 0, `axe-core (WCAG 2.2 AA) in ${what}:\n${violations.map((v) => `  ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n')}`);
}
