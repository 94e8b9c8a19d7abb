/**
 * "How was the {service} team's service?": 1–5 stars (required), optional communication /
 * understanding / proactiveness, tags (what went wrong on a low score), a comment. In the
 * tracker's header it is a small "Rate this service" pill; the form is a panel floating below
 * it, so the header never reflows. The panel opens by itself once for a ticket that asks for a
 * rating, and closes back to the pill (Escape, "Not now", the pill, ×). Plain props: saving,
 * dismissing and re-reading the sync state are the caller's (TicketUi sends the messages). All
 * page-provided text is rendered as text nodes.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { DismissalKind, RatingDraft, RatingView, ReplyItem, SyncState } from '../utils/contracts/messages';
import type { Improvement } from '../utils/contracts/schema';
import { ImprovementNote } from './ImprovementNote';
import { TeamReply } from './TeamReply';
import { t } from '../platform/i18n';
import { Stars } from './Stars';

export const COMMENT_MAX = 2000;
/** Stable tag ids (sent to the backend); the labels are translated. */
export const PRAISE_TAGS = ['fast', 'clear', 'friendly', 'thorough', 'proactive'] as const;
export const PROBLEM_TAGS = ['slow', 'unclear', 'not-fixed', 'bounced', 'unfriendly'] as const;
const DIMENSIONS = ['communication', 'understanding', 'proactiveness'] as const;
type Dimension = (typeof DIMENSIONS)[number];

export const tagLabel = (tag: string) => t(`rating_tag_${tag.replace(/-/g, '_')}`);
export const isLowScore = (overall: number | undefined) => overall !== undefined && overall <= 2;

export interface RatingWidgetProps {
  serviceName?: string;
  /** Without a service the rating is for "this ticket's team", named by its project. */
  project?: string;
  existing?: RatingView;
  /** "Not now" chosen before: start as the pill, not opened. */
  collapsed?: boolean;
  /** Rated before, then reopened and resolved again: offer to update. */
  update?: boolean;
  onSubmit: (draft: RatingDraft) => Promise<RatingView>;
  onDismiss: (kind: DismissalKind) => Promise<unknown>;
  /** Re-reads the saved rating (`rating.get`), to follow it through the outbox until it settles. */
  onRefresh?: () => Promise<RatingView | undefined>;
  /** The team's reply to this rating, shown under it. */
  reply?: ReplyItem;
  onAnswer?: (resolved: boolean, comment: string) => Promise<unknown>;
  /** The service's latest "you said, we did", shown above the stars. */
  improvement?: Improvement;
}

/** What the panel shows: the form, the summary of a saved rating, or "we won't ask again". */
type Content = 'form' | 'done' | 'stopped';

interface Draft {
  overall?: number;
  communication?: number;
  understanding?: number;
  proactiveness?: number;
  tags: string[];
  comment: string;
}

function draftFrom(rating: RatingView | undefined): Draft {
  return {
    overall: rating?.overall,
    communication: rating?.communication,
    understanding: rating?.understanding,
    proactiveness: rating?.proactiveness,
    tags: rating?.tags ?? [],
    comment: rating?.comment ?? '',
  };
}

function heading(serviceName: string | undefined, project: string | undefined): string {
  if (serviceName) return t('rating_heading', serviceName);
  if (project) return t('rating_heading_project', project);
  return t('rating_heading_unknown');
}

const SYNC_TEXT: Record<SyncState, string> = {
  waiting: 'rating_sync_waiting',
  syncing: 'rating_sync_syncing',
  synced: 'rating_sync_synced',
  rejected: 'rating_sync_rejected',
  auth: 'rating_sync_auth',
};
const syncText = (rating: RatingView, serviceName: string | undefined) =>
  rating.syncState === 'synced' && serviceName ? t('rating_sync_synced_service', serviceName) : t(SYNC_TEXT[rating.syncState], rating.lastError ?? '');

/** Waits between two re-reads of a rating on its way to the backend: 2 s, 5 s, 15 s, then every minute. */
export const SYNC_CHECK_DELAYS_MS = [2_000, 5_000, 15_000, 60_000] as const;
export const syncCheckDelay = (attempt: number): number => SYNC_CHECK_DELAYS_MS[Math.min(attempt, SYNC_CHECK_DELAYS_MS.length - 1)]!;
export const isInFlight = (state: SyncState) => state === 'waiting' || state === 'syncing';
const hasSyncProblem = (rating: RatingView | undefined) => rating?.syncState === 'rejected' || rating?.syncState === 'auth';

/**
 * The background writes sync progress only to IndexedDB (nothing a content script can listen
 * to), so while a saved rating is waiting or syncing it is re-read on a light schedule, until it
 * is synced, rejected or held for the token, or the widget goes away. An edit (new `ratedAt`)
 * starts the schedule afresh.
 */
function useSyncFollowUp(saved: RatingView | undefined, onUpdate: (rating: RatingView) => void, refresh: (() => Promise<RatingView | undefined>) | undefined) {
  // The caller's function may be a new one on every render; the schedule must not restart for that.
  const latest = useRef({ refresh, onUpdate });
  latest.current = { refresh, onUpdate };
  const following = saved && refresh && isInFlight(saved.syncState) ? `${saved.id}|${saved.ratedAt}` : undefined;
  useEffect(() => {
    if (!following) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = (attempt: number) => {
      timer = setTimeout(() => void check(attempt), syncCheckDelay(attempt));
    };
    const check = async (attempt: number) => {
      let rating: RatingView | undefined;
      try {
        rating = await latest.current.refresh?.();
      } catch {
        // The background may be restarting: ask again at the next step.
        if (live) schedule(attempt + 1);
        return;
      }
      if (!live || !rating) return;
      latest.current.onUpdate(rating);
      if (isInFlight(rating.syncState)) schedule(attempt + 1);
    };
    schedule(0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [following]);
}

const PANEL_VIEWPORT_MARGIN = 8;
/** Where the panel sits under the pill: its left edge on the pill's, its right edge on the pill's (`end`), or pinned `left` px from the pill. */
interface PanelPlacement {
  end: boolean;
  left?: number;
}

/**
 * Keeps the panel inside the window: aligned to the pill's left edge; to its right edge when that
 * would run off the right; pinned to the window's left margin when neither fits (narrow windows).
 */
function usePanelPlacement(open: boolean, wrapper: { current: HTMLElement | null }, panel: { current: HTMLElement | null }): PanelPlacement {
  const [placement, setPlacement] = useState<PanelPlacement>({ end: false });
  useEffect(() => {
    if (!open) return;
    const view = wrapper.current?.ownerDocument.defaultView;
    if (!view) return;
    const place = () => {
      if (!wrapper.current || !panel.current) return;
      const pill = wrapper.current.getBoundingClientRect();
      const width = panel.current.getBoundingClientRect().width;
      // The page's own width, without its scrollbar.
      const right = (wrapper.current.ownerDocument.documentElement.clientWidth || view.innerWidth) - PANEL_VIEWPORT_MARGIN;
      if (pill.left + width <= right) setPlacement({ end: false });
      else if (pill.right - width >= PANEL_VIEWPORT_MARGIN) setPlacement({ end: true });
      else setPlacement({ end: false, left: PANEL_VIEWPORT_MARGIN - pill.left });
    };
    // Measured in the next frame, when the browser lays the page out anyway: reading sizes while
    // the content script mounts would force an extra layout of the whole tracker page. The
    // re-render runs before that frame is painted, so the panel never shows in the wrong place.
    const frame = view.requestAnimationFrame(place);
    view.addEventListener('resize', place);
    return () => {
      view.cancelAnimationFrame(frame);
      view.removeEventListener('resize', place);
    };
  }, [open]);
  return placement;
}

export function RatingWidget(props: RatingWidgetProps) {
  const { serviceName, project, existing, update = false } = props;
  const [content, setContent] = useState<Content>(existing && !update ? 'done' : 'form');
  // Opens by itself once for a ticket that asks (unrated, or resolved again); never after "Not now".
  const [open, setOpen] = useState(!props.collapsed && (!existing || update));
  const [saved, setSaved] = useState<RatingView | undefined>(existing);
  const [draft, setDraft] = useState<Draft>(() => draftFrom(existing));
  const [missingOverall, setMissingOverall] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const wrapper = useRef<HTMLSpanElement>(null);
  const pill = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  const overallGroup = useRef<HTMLDivElement | null>(null);
  /** Where focus goes after the next render: into the panel (opened by the person), back to the pill, or to the thank-you line after sending. */
  const focusNext = useRef<'panel' | 'pill' | 'thanks' | undefined>(undefined);
  const ids = { panel: useId(), heading: useId(), comment: useId(), counter: useId(), tags: useId(), error: useId() };

  useSyncFollowUp(saved, setSaved, props.onRefresh);
  const placement = usePanelPlacement(open, wrapper, panel);

  // A layout effect runs right after its own render's commit. A plain effect waits for the paint,
  // so a close's effect could run after a quick reopen had already asked for 'panel', take that
  // request and find no panel yet: focus stayed on the pill (e2e 12 under load).
  useLayoutEffect(() => {
    const target = focusNext.current;
    if (target === undefined) return;
    if ((target === 'panel' || target === 'thanks') && !panel.current) return; // not rendered yet: keep the request
    focusNext.current = undefined;
    if (target === 'pill') pill.current?.focus();
    // The overall stars' tab stop, else (summary, note) the first button. An automatic opening never takes focus from the page.
    const inPanel = (selector: string) => panel.current?.querySelector<HTMLElement>(selector);
    if (target === 'panel') (inPanel('[role="radio"][tabindex="0"]') ?? inPanel('.sf-rating__body button') ?? inPanel('button'))?.focus();
    // The send button is gone: focus the result, so a screen reader reads it and Tab goes on to "Edit".
    if (target === 'thanks') inPanel('.sf-rating__thanks')?.focus();
  });

  // Focus or a click going elsewhere closes the panel (the draft stays); so does Escape pressed
  // anywhere on the page while it covers part of it. Focus is left where the person put it.
  useEffect(() => {
    if (!open) return;
    const doc = wrapper.current?.ownerDocument;
    if (!doc) return;
    const inside = (event: Event) => Boolean(wrapper.current && event.composedPath().includes(wrapper.current));
    const onPointerDown = (event: Event) => !inside(event) && hide();
    const onKeyDown = (event: KeyboardEvent) => event.key === 'Escape' && !inside(event) && hide();
    doc.addEventListener('pointerdown', onPointerDown, true);
    doc.addEventListener('keydown', onKeyDown);
    return () => {
      doc.removeEventListener('pointerdown', onPointerDown, true);
      doc.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);
  const onFocusOut = (event: FocusEvent) => {
    const next = event.relatedTarget as Node | null;
    // `null`: the window lost focus (another tab or app), or a click on nothing focusable (handled above).
    if (open && next && !wrapper.current?.contains(next)) hide();
  };

  const openPanel = () => {
    focusNext.current = 'panel';
    setOpen(true);
  };
  /** Closes without moving focus or changing what the panel shows: reopening finds it as it was. */
  const hide = () => setOpen(false);
  const close = () => {
    focusNext.current = 'pill';
    setOpen(false);
    // An edit left unfinished falls back to the saved rating's summary.
    if (saved && !update && content === 'form') setContent('done');
  };

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((previous) => ({ ...previous, [key]: value }));
    if (key === 'overall') setMissingOverall(false);
  };
  const visibleTags: readonly string[] = draft.overall === undefined ? [] : isLowScore(draft.overall) ? PROBLEM_TAGS : PRAISE_TAGS;

  const submit = async () => {
    if (busy) return;
    if (draft.overall === undefined) {
      setMissingOverall(true);
      overallGroup.current?.querySelector<HTMLElement>('[tabindex="0"]')?.focus();
      return;
    }
    const comment = draft.comment.trim();
    const payload: RatingDraft = {
      overall: draft.overall,
      communication: draft.communication,
      understanding: draft.understanding,
      proactiveness: draft.proactiveness,
      // Tags from the other set (the score changed after picking them) no longer apply.
      tags: draft.tags.filter((tag) => visibleTags.includes(tag)),
      comment: comment === '' ? undefined : comment.slice(0, COMMENT_MAX),
    };
    setBusy(true);
    setFailure(undefined);
    try {
      setSaved(await props.onSubmit(payload));
      setContent('done');
      focusNext.current = 'thanks';
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const dismiss = async (kind: DismissalKind) => {
    if (kind === 'never') setContent('stopped');
    else close();
    try {
      await props.onDismiss(kind);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };

  const onPanelKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Enter' && target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'checkbox') {
      // Enter on a tag toggles it, as Space does; it does not send the rating.
      event.preventDefault();
      target.click();
    } else if (event.key === 'Enter' && content === 'form') {
      const inTextarea = target.tagName === 'TEXTAREA';
      const plainButton = target.tagName === 'BUTTON' && target.getAttribute('role') !== 'radio';
      // In the comment Enter is a new line (Ctrl/⌘+Enter sends); other buttons do their own thing.
      if (plainButton || (inTextarea && !event.ctrlKey && !event.metaKey)) return;
      event.preventDefault();
      void submit();
    }
  };

  // Keys typed in the widget must not reach the tracker's own keyboard shortcuts.
  const isolate = (event: KeyboardEvent) => event.stopPropagation();

  const toggleTag = (tag: string) => set('tags', draft.tags.includes(tag) ? draft.tags.filter((known) => known !== tag) : [...draft.tags, tag]);

  // "Don't ask" said and its note closed: nothing left to show.
  if (content === 'stopped' && !open) return null;

  const pillText = saved && !update ? t('rating_pill_rated', saved.overall) : update ? t('rating_pill_update') : t('rating_pill');
  return (
    <span class="sf-rate" ref={wrapper} onFocusOut={onFocusOut} onKeyDown={isolate} onKeyUp={isolate} onKeyPress={isolate}>
      {content !== 'stopped' && (
        <button
          type="button"
          ref={pill}
          class={`sf-rate-pill${hasSyncProblem(saved) ? ' sf-rate-pill--problem' : ''}`}
          aria-expanded={open}
          aria-controls={open ? ids.panel : undefined}
          title={serviceName ? t('rating_collapsed_prompt', serviceName) : t('rating_collapsed_prompt_unknown')}
          onClick={() => (open ? close() : openPanel())}
          onKeyDown={(event) => event.key === 'Escape' && open && close()}
        >
          <span class="sf-rate-pill__star" aria-hidden="true">
            ★
          </span>
          {pillText}
        </button>
      )}
      {open && (
        <section
          ref={panel}
          id={ids.panel}
          class={`sf-rating${placement.end ? ' sf-rating--end' : ''}`}
          style={placement.left === undefined ? undefined : { left: `${placement.left}px` }}
          role="dialog"
          aria-labelledby={content === 'form' ? ids.heading : undefined}
          aria-label={content === 'form' ? undefined : t('rating_region_label')}
          onKeyDown={onPanelKeyDown}
        >
          <button type="button" class="sf-rating__close" aria-label={t('rating_close')} onClick={close}>
            <span aria-hidden="true">×</span>
          </button>
          <div class="sf-rating__body">{content === 'stopped' ? <p role="status">{t('rating_stopped')}</p> : content === 'done' && saved ? summary(saved) : form()}</div>
        </section>
      )}
    </span>
  );

  function summary(rating: RatingView) {
    return (
      <>
        <p class="sf-rating__thanks" role="status" tabIndex={-1}>
          {t('rating_thanks')}
        </p>
        <p>
          <span class="sf-rating__summary-stars" aria-hidden="true">
            {'★'.repeat(rating.overall)}
            {'☆'.repeat(5 - rating.overall)}
          </span>{' '}
          {t('rating_summary_overall', rating.overall)}
        </p>
        <ul class="sf-rating__summary-list">
          {DIMENSIONS.filter((dimension) => rating[dimension] !== undefined).map((dimension) => (
            <li key={dimension}>{t('rating_summary_dimension', t(`rating_dim_${dimension}`), rating[dimension]!)}</li>
          ))}
          {rating.tags.length > 0 && <li>{rating.tags.map(tagLabel).join(' · ')}</li>}
          {rating.comment && <li class="sf-rating__summary-comment">{rating.comment}</li>}
        </ul>
        <p class={`sf-rating__sync sf-rating__sync--${rating.syncState}`} aria-live="polite">
          {syncText(rating, serviceName)}
        </p>
        <button
          type="button"
          class="sf-button"
          onClick={() => {
            setDraft(draftFrom(rating));
            setContent('form');
            focusNext.current = 'panel';
          }}
        >
          {t('rating_edit')}
        </button>
        {props.reply && props.onAnswer && <TeamReply reply={props.reply} onAnswer={props.onAnswer} />}
      </>
    );
  }

  function form() {
    return (
      <>
        <h2 class="sf-rating__heading" id={ids.heading}>
          {heading(serviceName, project)}
        </h2>
        {update && <p class="sf-rating__note">{t('rating_update_note')}</p>}
        {props.improvement && <ImprovementNote improvement={props.improvement} compact />}
        <Stars
          value={draft.overall}
          onChange={(value) => set('overall', value)}
          label={t('rating_overall_label')}
          invalid={missingOverall}
          groupRef={(element) => {
            overallGroup.current = element;
          }}
        />
        {missingOverall && (
          <p class="sf-rating__error" id={ids.error} role="alert">
            {t('rating_required')}
          </p>
        )}

        {draft.overall !== undefined && (
          <>
            <div class="sf-rating__dimensions">
              {DIMENSIONS.map((dimension: Dimension) => (
                <div class="sf-rating__dimension" key={dimension}>
                  <span>
                    {t(`rating_dim_${dimension}`)}
                    <span class="sf-rating__hint"> · {t(`rating_dim_${dimension}_hint`)}</span>
                  </span>
                  <Stars
                    size="small"
                    clearable
                    value={draft[dimension]}
                    onChange={(value) => set(dimension, value)}
                    label={`${t(`rating_dim_${dimension}`)} (${t('rating_optional')})`}
                  />
                </div>
              ))}
            </div>

            <fieldset class="sf-rating__tags" aria-describedby={ids.tags}>
              <legend id={ids.tags}>{isLowScore(draft.overall) ? t('rating_went_wrong') : t('rating_went_well')}</legend>
              {visibleTags.map((tag) => (
                <label key={tag} class={`sf-tag${draft.tags.includes(tag) ? ' sf-tag--on' : ''}`}>
                  <input type="checkbox" checked={draft.tags.includes(tag)} onChange={() => toggleTag(tag)} />
                  {tagLabel(tag)}
                </label>
              ))}
            </fieldset>

            <div class="sf-rating__comment">
              <label for={ids.comment}>{t('rating_comment_label')}</label>
              <textarea
                id={ids.comment}
                rows={3}
                maxLength={COMMENT_MAX}
                placeholder={t('rating_comment_placeholder')}
                aria-describedby={ids.counter}
                value={draft.comment}
                onInput={(event) => set('comment', (event.currentTarget as HTMLTextAreaElement).value.slice(0, COMMENT_MAX))}
              />
              <span class="sf-rating__counter" id={ids.counter} aria-live="polite">
                <span aria-hidden="true">{t('rating_comment_counter', draft.comment.length, COMMENT_MAX)}</span>
                <span class="sf-visually-hidden">{t('rating_comment_counter_label', draft.comment.length, COMMENT_MAX)}</span>
              </span>
            </div>
          </>
        )}

        {failure && (
          <p class="sf-rating__error" role="alert">
            {t('rating_failed', failure)}
          </p>
        )}
        <div class="sf-rating__actions">
          <button type="button" class="sf-button sf-button--primary" disabled={busy} onClick={() => void submit()}>
            {busy ? t('rating_sending') : saved ? t('rating_submit_update') : t('rating_submit')}
          </button>
          {!saved && (
            <>
              <button type="button" class="sf-button" onClick={() => void dismiss('not-now')}>
                {t('rating_not_now')}
              </button>
              <button type="button" class="sf-link-button" onClick={() => void dismiss('never')}>
                {t('rating_never')}
              </button>
            </>
          )}
          <span class="sf-rating__shortcuts" aria-hidden="true">
            {t('rating_shortcuts')}
          </span>
        </div>
      </>
    );
  }
}
