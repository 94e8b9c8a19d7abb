/**
 * Example URLs listed right beside each URL predicate, like github-url-detection. They are
 * collected only under test (`import.meta.env.MODE === 'test'`); in a build the calls are
 * empty and the bundler drops them with their lists.
 */
import type { TrackerType } from '../contracts/schema';

export interface PredicateExamples {
  tracker: TrackerType;
  name: string;
  test: (url: URL) => boolean;
  positives: readonly string[];
}

export const predicateExamples: PredicateExamples[] = [];
export const nonTicketExamples: Array<{ tracker: TrackerType; urls: readonly string[] }> = [];

const collecting = import.meta.env.MODE === 'test';

export function examples(tracker: TrackerType, name: string, test: (url: URL) => boolean, positives: readonly string[]): void {
  if (collecting) predicateExamples.push({ tracker, name, test, positives });
}

/** Pages of this tracker that are not a single ticket: every predicate must say no. */
export function nonTickets(tracker: TrackerType, urls: readonly string[]): void {
  if (collecting) nonTicketExamples.push({ tracker, urls });
}
