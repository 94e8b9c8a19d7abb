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

/** Whether a comment is a response: by someone other than the reporter, not a bot, not ignored. */
function responder(reporter: string | undefined, ignoredResponders: readonly string[]) {
  const reporterName = reporter?.trim().toLowerCase();
  return (comment: CommentFact): comment is CommentFact & { author: string; at: string } =>
    !!comment.author && !!comment.at && !comment.isApp && comment.author.trim().toLowerCase() !== reporterName && !isBot(comment.author, ignoredResponders);
}

/** Earliest comment by someone other than the reporter that is not a bot (comments in any order). */
export function firstResponseAt(
  comments: readonly CommentFact[],
  reporter: string | undefined,
  ignoredResponders: readonly string[] = [],
): string | undefined {
  return comments
    .filter(responder(reporter, ignoredResponders))
    .map((comment) => comment.at)
    .sort()[0];
}

/**
 * The first response on a page's timeline. `entries` are in page order, which is time order,
 * oldest or newest first (GitLab lets people sort either way: the two ends tell which); `read`
 * turns one entry into a CommentFact. Reading starts at the oldest end and stops at the first
 * response, so a 500-item page costs a few reads, not 500.
 */
export function firstResponseOnTimeline<Entry>(
  entries: readonly Entry[],
  read: (entry: Entry) => CommentFact,
  reporter: string | undefined,
  ignoredResponders: readonly string[] = [],
): string | undefined {
  const count = entries.length;
  if (count === 0) return undefined;
  const first = read(entries[0]!);
  const last = count > 1 ? read(entries[count - 1]!) : first;
  const newestFirst = first.at !== undefined && last.at !== undefined && last.at < first.at;
  const isResponse = responder(reporter, ignoredResponders);
  for (let step = 0; step < count; step++) {
    const index = newestFirst ? count - 1 - step : step;
    const comment = index === 0 ? first : index === count - 1 ? last : read(entries[index]!);
    if (isResponse(comment)) return comment.at;
  }
  return undefined;
}
