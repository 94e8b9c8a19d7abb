import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { OrganisationSites } from '../../components/OrganisationSites';
import { OutboxPanel } from '../../components/OutboxPanel';
import { PendingFeedback } from '../../components/PendingFeedback';
import { RecentTickets } from '../../components/RecentTickets';
import { RepliesPanel } from '../../components/RepliesPanel';
import { SignInAgain } from '../../components/SignInAgain';
import { signInProblemText } from '../../components/sign-in-text';
import type { SignInStatus } from '../../utils/contracts/sign-in';
import { t } from '../../platform/i18n';
import type { OutboxStatus, PendingItem, RecentItem, ReplyItem, ReplyList } from '../../utils/contracts/messages';
import { sendMessage } from '../../platform/send-message';
import { organisationOriginsMissing } from '../../platform/managed-settings';
import { requestOriginAccess } from '../../platform/permissions';

/** Pending items per page: enough to fill the popup, few enough to render instantly. */
export const PENDING_PAGE = 50;
const RECENT_LIMIT = 15;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function App() {
  const [pending, setPending] = useState<{ items: PendingItem[]; total: number }>();
  const [status, setStatus] = useState<OutboxStatus>();
  const [recent, setRecent] = useState<RecentItem[]>();
  const [loadError, setLoadError] = useState<string>();
  const [flash, setFlash] = useState<string>();
  const [syncing, setSyncing] = useState(false);
  const [replies, setReplies] = useState<ReplyList>();
  const [organisationMissing, setOrganisationMissing] = useState<string[]>([]);
  const [signIn, setSignIn] = useState<SignInStatus>();
  const [signingIn, setSigningIn] = useState(false);

  const refreshStatus = () => sendMessage('outbox.status', {}).then(setStatus, (error: unknown) => setLoadError(messageOf(error)));

  useEffect(() => {
    sendMessage('sign-in.status', { ask: false }).then(setSignIn, (error: unknown) => console.warn('service-feedback: sign-in state not read', error));
    organisationOriginsMissing().then(setOrganisationMissing, (error: unknown) => console.warn('service-feedback: policy not read', error));
    Promise.all([sendMessage('pending.list', { limit: PENDING_PAGE }), sendMessage('outbox.status', {}), sendMessage('recent.list', { limit: RECENT_LIMIT })]).then(
      ([firstPage, outbox, recentTickets]) => {
        setPending(firstPage);
        setStatus(outbox);
        setRecent(recentTickets.items);
      },
      (error: unknown) => setLoadError(messageOf(error)),
    );
    // Stored replies show at once; the backend is asked meanwhile (at most once per 30 s) and the list follows.
    sendMessage('replies.list', { refresh: false })
      .then((stored) => {
        setReplies(stored);
        return sendMessage('replies.list', { refresh: true });
      })
      .then(setReplies, (error: unknown) => console.warn('service-feedback: replies not loaded', error));
  }, []);

  const answer = (item: ReplyItem, resolved: boolean, comment: string) => {
    sendMessage('reply.answer', { ratingId: item.ratingId, resolved, ...(comment.trim() ? { comment } : {}) })
      // Answering is reading it.
      .then(() => sendMessage('replies.read', { ratingIds: [item.ratingId] }))
      .then(setReplies, (error: unknown) => setFlash(t('popup_pending_failed', messageOf(error))));
  };

  const markRead = (item: ReplyItem) => {
    sendMessage('replies.read', { ratingIds: [item.ratingId] }).then(setReplies, (error: unknown) => setFlash(t('popup_pending_failed', messageOf(error))));
  };

  const showMore = async () => {
    if (!pending) return;
    const next = await sendMessage('pending.list', { offset: pending.items.length, limit: PENDING_PAGE });
    setPending((current) => current && { items: [...current.items, ...next.items], total: next.total });
  };

  const rate = async (item: PendingItem, overall: number) => {
    try {
      await sendMessage('rating.submit', { ticketUrl: item.ticketUrl, draft: { overall, tags: [] } });
      setPending((current) => current && { items: current.items.filter((known) => known.ticketUrl !== item.ticketUrl), total: current.total - 1 });
      setFlash(t('popup_pending_rated', item.key, overall));
      await refreshStatus();
    } catch (error) {
      setFlash(t('popup_pending_failed', messageOf(error)));
    }
  };

  const notNow = async (item: PendingItem) => {
    try {
      await sendMessage('rating.dismiss', { ticketUrl: item.ticketUrl, kind: 'not-now' });
      setPending((current) => current && { ...current, items: current.items.map((known) => (known.ticketUrl === item.ticketUrl ? { ...known, snoozed: true } : known)) });
    } catch (error) {
      setFlash(t('popup_pending_failed', messageOf(error)));
    }
  };

  const grantOrganisationSites = () => {
    // First statement of the click handler: the browser's prompt needs the click's gesture.
    const request = requestOriginAccess(organisationMissing).catch(() => false);
    void request.then(async (granted) => {
      setFlash(granted ? t('managed_sites_granted') : t('managed_sites_denied'));
      setOrganisationMissing(await organisationOriginsMissing());
    });
  };

  const signInAgain = () => {
    setSigningIn(true);
    sendMessage('sign-in.start', {})
      .then(async (outcome) => {
        setSignIn(outcome.status);
        setFlash(outcome.problem ? signInProblemText(outcome.problem) : t('popup_signin_done', outcome.status.person?.name ?? ''));
        await refreshStatus();
      })
      .catch((error: unknown) => setFlash(t('popup_pending_failed', messageOf(error))))
      .finally(() => setSigningIn(false));
  };

  const syncNow = async () => {
    setSyncing(true);
    try {
      const synced = await sendMessage('sync.now', {});
      // A refusal met by this sync asks for sign-in again at once.
      void sendMessage('sign-in.status', { ask: false }).then(setSignIn, () => undefined);
      // "Sync now" also fetched the team's replies: show what it brought, with the new counts.
      const listed = await sendMessage('replies.list', { refresh: false }).catch(() => undefined);
      setStatus(synced);
      if (listed) setReplies(listed);
    } catch (error) {
      setLoadError(messageOf(error));
    } finally {
      setSyncing(false);
    }
  };

  return (
    <main class="sf-popup">
      <h1 class="sf-popup__title">{t('popup_title')}</h1>
      <OrganisationSites missing={organisationMissing} onGrant={grantOrganisationSites} />
      {signIn?.state === 'again' && <SignInAgain reason={signIn.reason} busy={signingIn} onSignIn={signInAgain} />}
      {loadError && (
        <p class="sf-error" role="alert">
          {t('popup_load_failed', loadError)}
        </p>
      )}
      {!pending || !status || !recent ? (
        !loadError && <p class="sf-muted">{t('popup_loading')}</p>
      ) : (
        <>
          {replies && <RepliesPanel items={replies.items} unread={replies.unread} onRead={markRead} onAnswer={answer} />}
          <PendingFeedback items={pending.items} total={pending.total} flash={flash} onRate={rate} onNotNow={notNow} onShowMore={showMore} />
          <OutboxPanel status={status} signInAgain={signIn?.state === 'again'} syncing={syncing} onSyncNow={syncNow} onOpenOptions={() => void browser.runtime.openOptionsPage()} />
          <RecentTickets items={recent} />
        </>
      )}
    </main>
  );
}
