/**
 * What the SLA badge says, decided without any DOM: which goal matters now, the short text,
 * business-time durations in the reader's locale, and the calendar's working hours in words.
 */
import type { Calendar, GoalEvaluation, GoalState, SlaEvaluation } from '../utils/contracts/schema';
import { t } from '../platform/i18n';
import { missingHolidayYears } from '../utils/sla/coverage';

export type GoalName = 'firstResponse' | 'resolution';

export interface FocusGoal {
  name: GoalName;
  goal: GoalEvaluation;
}

const isOpen = (goal: GoalEvaluation) => goal.completedAt === undefined && goal.state !== 'met';

/**
 * The goal that matters now: an open first response, else the resolution, else the first
 * response. Undefined when the evaluation has no goal at all (then there is no badge).
 */
export function focusGoal(evaluation: SlaEvaluation | undefined): FocusGoal | undefined {
  const { firstResponse, resolution } = evaluation ?? {};
  if (firstResponse && isOpen(firstResponse)) return { name: 'firstResponse', goal: firstResponse };
  if (resolution) {
    // Once both are done, a late first response still marks the whole ticket as breached.
    if (!isOpen(resolution) && resolution.state === 'met' && firstResponse?.state === 'breached') {
      return { name: 'firstResponse', goal: firstResponse };
    }
    return { name: 'resolution', goal: resolution };
  }
  return firstResponse ? { name: 'firstResponse', goal: firstResponse } : undefined;
}

/** Length of one business day for "1d": the calendar's longest working weekday (24h for 24×7). */
export function businessDayMinutes(calendar: Calendar | undefined): number {
  if (!calendar) return 1440;
  let longest = 0;
  for (const periods of Object.values(calendar.week)) {
    const minutes = periods.reduce((sum, [from, to]) => sum + clockMinutes(to) - clockMinutes(from), 0);
    longest = Math.max(longest, minutes);
  }
  return longest > 0 ? longest : 1440;
}

function clockMinutes(text: string): number {
  const [hours = 0, minutes = 0] = text.split(':').map(Number);
  return hours * 60 + minutes;
}

type Unit = 'day' | 'hour' | 'minute';

/**
 * What ICU prints for narrow units in the UI languages that ship ("1d 3h", "1天3小时"), written
 * out so the badge's first paint creates no Intl object: the first one in a page costs tens of
 * ms of ICU loading on the page's main thread. A test holds these equal to Intl; every other
 * locale asks Intl itself.
 */
const KNOWN_UNITS: Record<string, { units: Record<Unit, string>; separator: string }> = {};
const ENGLISH = { units: { day: 'd', hour: 'h', minute: 'm' }, separator: ' ' };
const CHINESE = { units: { day: '天', hour: '小时', minute: '分钟' }, separator: '' };
for (const locale of ['en', 'en-US', 'en-GB']) KNOWN_UNITS[locale] = ENGLISH;
for (const locale of ['zh', 'zh-CN']) KNOWN_UNITS[locale] = CHINESE;
const grouped = (count: number) => String(count).replace(/\B(?=(\d{3})+$)/g, ',');

const unitFormats = new Map<string, Intl.NumberFormat>();
const listFormats = new Map<string, Intl.ListFormat>();
function formatUnits(locale: string, amounts: [Unit, number][]): string {
  const known = KNOWN_UNITS[locale];
  if (known) return amounts.map(([unit, count]) => grouped(count) + known.units[unit]).join(known.separator);
  const parts = amounts.map(([unit, count]) => {
    const cacheKey = `${locale}|${unit}`;
    let format = unitFormats.get(cacheKey);
    if (!format) unitFormats.set(cacheKey, (format = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'narrow' })));
    return format.format(count);
  });
  let list = listFormats.get(locale);
  if (!list) listFormats.set(locale, (list = new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' })));
  return list.format(parts);
}

/**
 * A business-time duration in at most two units, e.g. "1d 3h", "2h 15m", "45m" (English) or
 * "1天3小时" (Chinese). `dayMinutes` is how long one business day is.
 */
export function formatBusinessDuration(minutes: number, locale: string, dayMinutes = 1440): string {
  let left = Math.max(0, Math.round(Math.abs(minutes)));
  const days = Math.floor(left / dayMinutes);
  left -= days * dayMinutes;
  const hours = Math.floor(left / 60);
  const mins = left - hours * 60;
  const amounts: [Unit, number][] = [];
  if (days > 0) amounts.push(['day', days]);
  if (hours > 0 && amounts.length < 2) amounts.push(['hour', hours]);
  if ((mins > 0 || amounts.length === 0) && days === 0) amounts.push(['minute', mins]);
  return formatUnits(locale, amounts);
}

/** The pill text for the goal that matters now. */
export function badgeText(focus: FocusGoal, locale: string, dayMinutes: number): string {
  const { goal, name } = focus;
  const duration = (minutes: number) => formatBusinessDuration(minutes, locale, dayMinutes);
  switch (goal.state) {
    case 'met':
      return t('sla_met');
    case 'paused':
      return t('sla_paused');
    case 'breached':
      return isOpen(goal) ? t('sla_overdue', duration(goal.remainingMinutes)) : t('sla_breached');
    default:
      return name === 'firstResponse' ? t('sla_response_due_in', duration(goal.remainingMinutes)) : t('sla_resolve_in', duration(goal.remainingMinutes));
  }
}

export function stateName(state: GoalState): string {
  return t(`sla_state_${state.replace('-', '_')}`);
}

const WEEK_ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** "Mon–Fri 09:00–12:00, 13:00–18:00" (weekday names in the reader's locale), "" when none. */
export function describeWorkingHours(calendar: Calendar, locale: string): string {
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  const dayName = (index: number) => weekday.format(new Date(Date.UTC(2024, 0, 1 + index)));
  const hoursOf = (index: number) => calendar.week[WEEK_ORDER[index]!].map(([from, to]) => `${from}–${to}`).join(', ');
  const groups: string[] = [];
  for (let first = 0; first < 7; ) {
    const hours = hoursOf(first);
    let last = first;
    while (last + 1 < 7 && hoursOf(last + 1) === hours) last++;
    if (hours) groups.push(`${first === last ? dayName(first) : `${dayName(first)}–${dayName(last)}`} ${hours}`);
    first = last + 1;
  }
  return groups.join('; ');
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
/** An instant in the reader's own time zone and locale. */
export function formatLocalDateTime(iso: string, locale: string): string {
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    dateTimeFormats.set(locale, format);
  }
  return format.format(new Date(iso));
}

/** Whether anything is still ticking, so the badge needs its minute timer. */
export function isLive(evaluation: SlaEvaluation | undefined): boolean {
  return [evaluation?.firstResponse, evaluation?.resolution].some((goal) => goal !== undefined && isOpen(goal) && goal.state !== 'paused');
}

/** Years between the ticket's creation and its latest deadline (or now) that the calendar has no holidays for. */
export function holidayGapYears(createdAt: string | undefined, evaluation: SlaEvaluation, calendar: Calendar, nowMs: number): number[] {
  const instants = [nowMs, ...(['firstResponse', 'resolution'] as const).flatMap((name) => {
    const goal = evaluation[name];
    return [goal?.dueAt, goal?.completedAt].filter((at): at is string => !!at).map((at) => Date.parse(at));
  })];
  const from = createdAt ? Date.parse(createdAt) : nowMs;
  return missingHolidayYears(calendar, Math.min(from, ...instants), Math.max(...instants));
}
