/** The popup's "Replies": stored replies joined with the tickets they are about, unread first. */
import type { ReplyItem, ReplyList } from '../../../utils/contracts/messages';
import { readAllReplies, readRepliesForTicket, readTicket, type FeedbackDb, type ReplyRecord } from '../storage/db';
import { isUnread, newestReply } from './reply-sync';

/** One stored thread as the popup and the ticket page show it; none without a reply yet. */
async function replyItem(db: FeedbackDb, record: ReplyRecord): Promise<(ReplyItem & { newestAt: string }) | undefined> {
  const newest = newestReply(record);
  // A follow-up state without a reply says nothing to the person yet.
  if (!newest) return undefined;
  const seen = await readTicket(db, record.ticketUrl);
  return {
      ratingId: record.ratingId,
      ticketUrl: record.ticketUrl,
      key: seen?.ticket.key ?? record.ticketUrl,
      title: seen?.ticket.title,
      serviceName: seen?.service?.name,
      followUp: record.followUp.state,
      replies: [...record.replies].sort((a, b) => a.at.localeCompare(b.at)),
      answer: record.answer,
      answerPending: record.pendingAnswer !== undefined,
      unread: isUnread(record),
      newestAt: newest.at,
  };
}

/** The reply to this ticket's rating, for the ticket page. */
export async function replyForTicket(db: FeedbackDb, ticketUrl: string): Promise<ReplyItem | undefined> {
  const record = await readRepliesForTicket(db, ticketUrl);
  const item = record && (await replyItem(db, record));
  if (!item) return undefined;
  const { newestAt: _, ...rest } = item;
  return rest;
}

export async function listReplies(db: FeedbackDb): Promise<ReplyList> {
  const items: Array<ReplyItem & { newestAt: string }> = [];
  for (const record of await readAllReplies(db)) {
    const item = await replyItem(db, record);
    if (item) items.push(item);
  }
  items.sort((a, b) => Number(b.unread) - Number(a.unread) || b.newestAt.localeCompare(a.newestAt));
  return { items: items.map(({ newestAt: _, ...item }) => item), unread: items.filter((item) => item.unread).length };
}
