/** Who counts as a responder: not the reporter, not a bot, not on the configured ignore list. */

export interface CommentFact {
  author?: string;
  at?: string;
  /** The tracker itself flags the author as an app/automation. */
  isApp?: boolean;
}

const BOT_NAME = /\[bot\]$|(^|[-_.\s])bot$|^automation for jira$|^ghost$/i;

export function isBot(author: string, ignoredResponders: readonly string[] = []): boolean {
  const name = author.trim().toLowerCase();
  return BOT_NAME.test(name) || ignoredResponders.some((ignored) => ignored.trim().toLowerCase() === name);
}

/** Earliest comment by someone other than the reporter that is not a bot. */
export function firstResponseAt(
  comments: readonly CommentFact[],
  reporter: string | undefined,
  ignoredResponders: readonly string[] = [],
): string | undefined {
  const reporterName = reporter?.trim().toLowerCase();
  const times = comments
    .filter((comment) => comment.author && comment.at && !comment.isApp)
    .filter((comment) => comment.author!.trim().toLowerCase() !== reporterName && !isBot(comment.author!, ignoredResponders))
    .map((comment) => comment.at!);
  return times.sort()[0];
}
