/**
 * A github.com issue after a "redesign": the state chip lost its `data-testid="header-state"` hook
 * and sits in a new wrapper (`data-component="IssueStateChip"`), so none of the built-in state
 * chains finds it. What the extension must notice and report as a detection miss, until an admin
 * pushes a selector override for the new hook.
 */
import { githubIssuePage, type GitHubIssue } from './github';

export const REDESIGNED_CHIP = '[data-component="IssueStateChip"]';

export function githubRedesignedIssuePage(issue: GitHubIssue): string {
  const page = githubIssuePage(issue);
  const moved = page.replace(
    /<span data-testid="header-state" ([^>]*)>([^<]*)<\/span>/,
    '<span class="chip-slot"><span data-component="IssueStateChip" $1>$2</span></span>',
  );
  if (moved === page) throw new Error('github-redesigned: the state chip of pages/github.ts was not found');
  return moved;
}
