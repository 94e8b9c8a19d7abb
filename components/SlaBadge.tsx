/**
 * The SLA badge: a compact pill beside the ticket status with the state colour and a short text
 * for the goal that matters now, and on hover or keyboard focus a popover with every goal.
 * Props are plain data (the content script mounts it in a shadow root); it never reads the page.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Calendar, GoalEvaluation, Service, SlaEvaluation, SlaPolicy, Ticket } from '../utils/contracts/schema';
import { t, uiLocale } from '../platform/i18n';
import { evaluateSla } from '../utils/sla/evaluate';
import {
  holidayGapYears,
  badgeText,
  businessDayMinutes,
  describeWorkingHours,
  focusGoal,
  formatBusinessDuration,
  formatLocalDateTime,
  isLive,
  stateName,
  type GoalName,
} from './sla-badge-model';
import { SLA_BADGE_CSS } from './sla-badge-styles';
import { ImprovementNote } from './ImprovementNote';
import { latestImprovement } from '../utils/catalogue/services';
import { systemColorScheme, type ColorScheme } from './sla-color-scheme';

export interface SlaBadgeProps {
  ticket: Ticket;
  policy: SlaPolicy;
  calendar: Calendar;
  service?: Service;
  /** An evaluation from the tracker's own clock (Jira Service Management); wins over computing. */
  external?: SlaEvaluation;
  /** The clock, for tests and replays; defaults to the system clock. */
  now?: () => Date;
  /** The host page's scheme (see `pageColorScheme`); defaults to `prefers-color-scheme`. */
  colorScheme?: ColorScheme;
}

const systemNow = () => new Date();
const GOAL_LABELS: Record<GoalName, string> = { firstResponse: 'sla_goal_first_response', resolution: 'sla_goal_resolution' };

/** Re-renders at each minute boundary while `active`; one timer, cleared on unmount. */
function useMinuteTick(active: boolean, now: () => Date): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const untilNextMinute = 60_000 - (now().getTime() % 60_000);
      timer = setTimeout(() => {
        setTick((count) => count + 1);
        schedule();
      }, untilNextMinute);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [active, now]);
  return tick;
}

/** Where the popover sits, in px from the badge's top-left corner; `undefined`: the stylesheet's place, below the pill. */
type PopoverOffset = { top: number; left: number } | undefined;

/**
 * While the rating panel is open beside the badge, the popover must not cover its heading and
 * stars (WCAG 1.4.13): it tries below the pill, above it, below it extending left, then below the
 * panel, and takes the first place inside the window that overlaps no part of the panel.
 * Measured only when the popover opens, so a closed popover costs no layout.
 */
function usePopoverPlacement(open: boolean, badge: { current: HTMLElement | null }, popover: { current: HTMLElement | null }): PopoverOffset {
  const [offset, setOffset] = useState<PopoverOffset>();
  useLayoutEffect(() => {
    const panel = badge.current?.closest('.sf-ticket-ui')?.querySelector('.sf-rating');
    if (!open || !badge.current || !popover.current || !panel) return setOffset(undefined);
    const own = badge.current.getBoundingClientRect();
    const avoid = panel.getBoundingClientRect();
    const width = popover.current.offsetWidth;
    const height = popover.current.offsetHeight;
    const windowWidth = badge.current.ownerDocument.documentElement.clientWidth;
    const gap = 6;
    const places = [
      { top: own.height + gap, left: 0 },
      { top: -height - gap, left: 0 },
      { top: own.height + gap, left: own.width - width },
      { top: avoid.bottom - own.top + gap, left: 0 },
    ];
    const fits = ({ top, left }: { top: number; left: number }) => {
      const x = own.left + left;
      const y = own.top + top;
      const clear = x + width <= avoid.left || x >= avoid.right || y + height <= avoid.top || y >= avoid.bottom;
      return clear && x >= 0 && x + width <= windowWidth && y >= 0;
    };
    setOffset(places.find(fits));
  }, [open]);
  return offset;
}

export function SlaBadge({ ticket, policy, calendar, service, external, now = systemNow, colorScheme }: SlaBadgeProps) {
  const [live, setLive] = useState(true);
  const tick = useMinuteTick(live, now);
  const evaluation = useMemo(() => external ?? safeEvaluate(ticket, policy, calendar, now()), [external, ticket, policy, calendar, now, tick]);
  const stillLive = isLive(evaluation);
  useEffect(() => setLive(stillLive), [stillLive]);

  const [open, setOpen] = useState(false);
  const popoverId = useId();
  const badge = useRef<HTMLSpanElement>(null);
  const popover = useRef<HTMLDivElement>(null);
  const offset = usePopoverPlacement(open, badge, popover);
  // Shown by hover, the popover is dismissed by Escape wherever focus is (WCAG 1.4.13), before
  // anything under it: an Escape typed in the rating panel closes the popover first, the panel next.
  useEffect(() => {
    if (!open) return;
    const doc = badge.current?.ownerDocument;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      const ours = badge.current?.closest('.sf-ticket-ui');
      if (ours && event.composedPath().includes(ours)) event.stopPropagation();
    };
    doc?.addEventListener('keydown', onKeyDown, true);
    return () => doc?.removeEventListener('keydown', onKeyDown, true);
  }, [open]);
  const focus = focusGoal(evaluation);
  if (!evaluation || !focus) return null;

  const locale = uiLocale();
  const dayMinutes = businessDayMinutes(calendar);
  const text = badgeText(focus, locale, dayMinutes);
  const state = focus.goal.state;
  const fullText = t('sla_aria_label', text, stateName(state));
  const scheme = colorScheme ?? systemColorScheme();
  const duration = (minutes: number) => formatBusinessDuration(minutes, locale, dayMinutes);
  const gapYears = holidayGapYears(ticket.createdAt, evaluation, calendar, now().getTime());
  const improvement = latestImprovement(service);

  return (
    <span class="sf-sla" ref={badge} data-sf-scheme={scheme} data-service-feedback="sla-badge" onMouseEnter={() => setOpen(true)} onMouseLeave={() => setOpen(false)}>
      <style>{SLA_BADGE_CSS}</style>
      <span
        class={`sf-sla-pill sf-sla-${state}`}
        role="status"
        tabIndex={0}
        aria-label={fullText}
        aria-describedby={open ? popoverId : undefined}
        data-state={state}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}
      >
        <span class="sf-sla-dot" aria-hidden="true" />
        <span aria-hidden="true">{text}</span>
        <span class="sf-sla-visually-hidden">{fullText}</span>
      </span>
      {open && (
        <div
          class={`sf-sla-popover${offset && offset.top < 0 ? ' sf-sla-popover--above' : ''}`}
          ref={popover}
          id={popoverId}
          role="tooltip"
          style={offset && { top: `${offset.top}px`, left: `${offset.left}px` }}
        >
          <h2>{t('sla_popover_title')}</h2>
          {(['firstResponse', 'resolution'] as const).map((name) => {
            const goal = evaluation[name];
            return goal && <GoalDetails key={name} name={name} goal={goal} locale={locale} duration={duration} />;
          })}
          <dl>
            {service && <Row label={t('sla_service')} value={service.name} />}
            {service?.commitment && <Row label={t('sla_commitment')} value={service.commitment} />}
            <Row label={t('sla_calendar')} value={`${calendar.name ?? calendar.id} (${calendar.timeZone})`} />
            <Row label={t('sla_working_hours')} value={describeWorkingHours(calendar, locale) || t('sla_no_working_hours')} />
          </dl>
          {improvement && <ImprovementNote improvement={improvement} />}
          {gapYears.length > 0 && (
            <p class="sf-sla-warning" data-service-feedback="holiday-data-missing">
              {t('sla_holiday_data_missing', gapYears.join(', '))}
            </p>
          )}
          <p>{evaluation.source === 'jira-service-management' ? t('sla_source_jsm') : t('sla_business_time_note')}</p>
        </div>
      )}
    </span>
  );
}

function GoalDetails(props: { name: GoalName; goal: GoalEvaluation; locale: string; duration: (minutes: number) => string }) {
  const { name, goal, locale, duration } = props;
  const overdue = goal.remainingMinutes < 0;
  return (
    <section data-goal={name}>
      <h3>
        <span>{t(GOAL_LABELS[name])}</span>
        <span class={`sf-sla-${goal.state}`} style={{ color: 'var(--sf-state-fg)' }}>
          {stateName(goal.state)}
        </span>
      </h3>
      <dl>
        <Row label={t('sla_target')} value={duration(goal.targetMinutes)} />
        <Row label={t('sla_elapsed')} value={duration(goal.elapsedMinutes)} />
        <Row label={t(overdue ? 'sla_overdue_by' : 'sla_remaining')} value={duration(goal.remainingMinutes)} />
        {goal.dueAt && <Row label={t('sla_due')} value={formatLocalDateTime(goal.dueAt, locale)} />}
        {goal.completedAt && <Row label={t('sla_completed')} value={formatLocalDateTime(goal.completedAt, locale)} />}
      </dl>
    </section>
  );
}

/** Page- and config-provided text is only ever rendered as text nodes. */
function Row({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

/** A broken calendar in the remote config must not break the ticket page: no badge instead. */
function safeEvaluate(ticket: Ticket, policy: SlaPolicy, calendar: Calendar, now: Date): SlaEvaluation | undefined {
  try {
    return evaluateSla(ticket, policy, calendar, now);
  } catch (error) {
    console.warn('[service-feedback] SLA evaluation failed:', error);
    return undefined;
  }
}
