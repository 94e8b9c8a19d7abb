/** The popup's "Replies": stored replies joined with the tickets they are about, unread first. */
import type { ReplyItem, ReplyList } from '../../../utils/contracts/messages';
import { readAllReplies, readTicket, type FeedbackDb } from '../storage/db';
import { isUnread, newestReply } from './reply-sync';

export async function listReplies(db: FeedbackDb): Promise<ReplyList> {
  const items: Array<ReplyItem & { newestAt: string }> = [];
  for (const record of await readAllReplies(db)) {
    const newest = newestReply(record);
    // A follow-up state without a reply says nothing to the person yet.
    if (!newest) continue;
    const seen = await readTicket(db, record.ticketUrl);
    items.push({
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
    });
  }
  items.sort((a, b) => Number(b.unread) - Number(a.unread) || b.newestAt.localeCompare(a.newestAt));
  return { items: items.map(({ newestAt: _, ...item }) => item), unread: items.filter((item) => item.unread).length };
}
