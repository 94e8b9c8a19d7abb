/**
 * Who may speak for the requester of a rating: answer "did this settle it?" and read the loop
 * state of it. A rating sent with a personal token carries the keyed hash of its person
 * (`rater_key`), anonymous ones too, so only that person — signed in — speaks for it. Ratings that
 * came through a shared token (unverified) keep the older rule: a named one is its rater's, an
 * anonymous one is answered by whoever holds its id, but never by someone who owns its service
 * (an owner must not settle an anonymous complaint about their own team).
 */
import type { Identity } from '../http/auth';
import { mayOwn } from '../people/people';
import type { RaterRow } from '../store/store';

export interface OwnedService {
  id: string;
  owners: readonly string[];
}

export function speaksForRater(identity: Identity, whose: RaterRow, callerKey: string | null, services: readonly OwnedService[]): boolean {
  const person = identity.person;
  if (whose.raterKey !== null) return person !== undefined && callerKey === whose.raterKey;
  if (whose.rater !== null) return person === undefined || person.email === whose.rater;
  return person === undefined || !mayOwn(identity, services, whose.serviceId);
}
