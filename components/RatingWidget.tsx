/**
 * "How was the {service} team's service?": 1–5 stars (required), optional communication /
 * understanding / proactiveness, tags (what went wrong on a low score), a comment. Plain props:
 * saving and dismissing are the caller's (TicketUi sends the messages). All page-provided text is
 * rendered as text nodes.
 */
import { useId, useRef, useState } from 'preact/hooks';
import type { DismissalKind, RatingDraft, RatingView, SyncState } from '../utils/messages';
import { t } from '../utils/i18n';
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
  /** "Not now" chosen before: start collapsed. */
  collapsed?: boolean;
  /** Rated before, then reopened and resolved again: offer to update. */
  update?: boolean;
  onSubmit: (draft: RatingDraft) => Promise<RatingView>;
  onDismiss: (kind: DismissalKind) => Promise<unknown>;
}

type Mode = 'form' | 'done' | 'collapsed' | 'stopped';

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

export function RatingWidget(props: RatingWidgetProps) {
  const { serviceName, project, existing, update = false } = props;
  const [mode, setMode] = useState<Mode>(existing && !update ? 'done' : props.collapsed ? 'collapsed' : 'form');
  const [saved, setSaved] = useState<RatingView | undefined>(existing);
  const [draft, setDraft] = useState<Draft>(() => draftFrom(existing));
  const [missingOverall, setMissingOverall] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const overallGroup = useRef<HTMLDivElement | null>(null);
  const ids = { heading: useId(), comment: useId(), counter: useId(), tags: useId(), error: useId() };

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
      setMode('done');
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const dismiss = async (kind: DismissalKind) => {
    setMode(kind === 'never' ? 'stopped' : 'collapsed');
    try {
      await props.onDismiss(kind);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (event.key === 'Escape') {
      event.preventDefault();
      setMode(saved && !update ? 'done' : 'collapsed');
    } else if (event.key === 'Enter') {
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

  if (mode === 'stopped') {
    return (
      <section class="sf-rating sf-rating--note" aria-label={t('rating_region_label')}>
        <p role="status">{t('rating_stopped')}</p>
      </section>
    );
  }

  if (mode === 'collapsed') {
    return (
      <section class="sf-rating sf-rating--collapsed" aria-label={t('rating_region_label')}>
        <button type="button" class="sf-link-button" onClick={() => setMode('form')}>
          {serviceName ? t('rating_collapsed_prompt', serviceName) : t('rating_collapsed_prompt_unknown')}
        </button>
      </section>
    );
  }

  if (mode === 'done' && saved) {
    return (
      <section class="sf-rating sf-rating--done" aria-label={t('rating_region_label')} onKeyDown={isolate} onKeyUp={isolate} onKeyPress={isolate}>
        <p class="sf-rating__thanks" role="status">
          {t('rating_thanks')}
        </p>
        <p class="sf-rating__summary">
          <span class="sf-rating__summary-stars" aria-hidden="true">
            {'★'.repeat(saved.overall)}
            {'☆'.repeat(5 - saved.overall)}
          </span>{' '}
          {t('rating_summary_overall', saved.overall)}
        </p>
        <ul class="sf-rating__summary-list">
          {DIMENSIONS.filter((dimension) => saved[dimension] !== undefined).map((dimension) => (
            <li key={dimension}>{t('rating_summary_dimension', t(`rating_dim_${dimension}`), saved[dimension]!)}</li>
          ))}
          {saved.tags.length > 0 && <li>{saved.tags.map(tagLabel).join(' · ')}</li>}
          {saved.comment && <li class="sf-rating__summary-comment">{saved.comment}</li>}
        </ul>
        <p class={`sf-rating__sync sf-rating__sync--${saved.syncState}`}>{t(SYNC_TEXT[saved.syncState], saved.lastError ?? '')}</p>
        <button
          type="button"
          class="sf-button"
          onClick={() => {
            setDraft(draftFrom(saved));
            setMode('form');
          }}
        >
          {t('rating_edit')}
        </button>
      </section>
    );
  }

  return (
    <section
      class="sf-rating"
      aria-labelledby={ids.heading}
      onKeyDown={(event) => {
        isolate(event);
        onKeyDown(event);
      }}
      onKeyUp={isolate}
      onKeyPress={isolate}
    >
      <h2 class="sf-rating__heading" id={ids.heading}>
        {heading(serviceName, project)}
      </h2>
      {update && <p class="sf-rating__note">{t('rating_update_note')}</p>}
      <div class="sf-rating__overall">
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
      </div>

      {draft.overall !== undefined && (
        <>
          <div class="sf-rating__dimensions">
            {DIMENSIONS.map((dimension: Dimension) => (
              <div class="sf-rating__dimension" key={dimension}>
                <span class="sf-rating__dimension-name">
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
    </section>
  );
}
