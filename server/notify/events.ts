/**
 * Which events a saved rating causes: `rating.low` when the overall score is at or under a
 * target's `lowAt`, `rating.comment` when a comment was written. An edit only notifies a target
 * that the rating before the edit did not already qualify for, so editing never spams a channel.
 */
import { randomUUID } from 'node:crypto';
import type { Rating } from '../../utils/contracts/schema';
import type { ServerConfig } from '../config/server-config';
import type { EventsFor, NewEvent, PreviousRating } from '../store/notify';
import { targetKey, type NotifyTarget } from './config';

/** What an event carries about a rating: only what the requester sent (no rater when anonymous, no title when withheld). */
export interface RatingSnapshot {
  id: string;
  ticketKey: string;
  ticketUrl: string;
  ticketTitle?: string;
  overall: number;
  communication?: number;
  understanding?: number;
  proactiveness?: number;
  tags: string[];
  comment?: string;
  rater?: string;
  ratedAt: string;
  slaMet?: boolean;
}

export function snapshotOf(rating: Rating): RatingSnapshot {
  const { id, ticketKey, ticketUrl, ticketTitle, overall, communication, understanding, proactiveness, tags, comment, rater, ratedAt, slaMet } =
    rating;
  return { id, ticketKey, ticketUrl, ticketTitle, overall, communication, understanding, proactiveness, tags, comment, rater, ratedAt, slaMet };
}

const hasComment = (comment: string | null | undefined) => typeof comment === 'string' && comment.trim() !== '';
const isLow = (overall: number, target: NotifyTarget) => overall <= target.lowAt;

export function eventsForConfig(config: ServerConfig): EventsFor {
  // Rebuilt when the catalogue changes (`config.services` is replaced, never edited in place).
  let seen = config.services;
  let services = new Map(seen.map((service) => [service.id, service]));
  return (rating: Rating, previous: PreviousRating | null, now: number): NewEvent[] => {
    if (config.services !== seen) {
      seen = config.services;
      services = new Map(seen.map((service) => [service.id, service]));
    }
    const service = rating.serviceId === undefined ? undefined : services.get(rating.serviceId);
    if (!service || service.notify.length === 0) return [];
    const low = service.notify.filter(
      (target) => target.on.includes('low') && isLow(rating.overall, target) && !(previous && isLow(previous.overall, target)),
    );
    const comment = service.notify.filter(
      (target) => target.on.includes('comment') && hasComment(rating.comment) && !(previous && hasComment(previous.comment)),
    );
    if (low.length === 0 && comment.length === 0) return [];
    const payload = JSON.stringify({ rating: snapshotOf(rating) });
    const event = (type: string, targets: NotifyTarget[]): NewEvent => ({
      id: randomUUID(),
      type,
      serviceId: service.id,
      dedupeKey: `${type}:${rating.id}`,
      payload,
      createdAt: now,
      targets: targets.map(targetKey),
    });
    return [...(low.length ? [event('rating.low', low)] : []), ...(comment.length ? [event('rating.comment', comment)] : [])];
  };
}
