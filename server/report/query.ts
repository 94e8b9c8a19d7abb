/**
 * The report's maths: per service count, mean overall score, CSAT % (share of 4–5), dimension
 * means, SLA met % (of the ratings that carry an SLA outcome) and a weekly series (ISO weeks,
 * Monday in UTC). The store sums; this module turns sums into the numbers people read.
 */
import { serviceSlaParts } from '../../utils/catalogue/services';
import type { Calendar, Service, SlaPolicy } from '../../utils/contracts/schema';
import { missingHolidayYears } from '../../utils/sla/coverage';
import type { RatingFilter, ServiceTotalsRow, Store, WeekTotalsRow } from '../store/store';

export interface WeekPoint {
  weekStart: string;
  count: number;
  mean: number;
  csatPercent: number;
  /** Years of this week the service's calendar has no holiday data for (absent when none). */
  holidayDataMissing?: number[];
}

export interface ServiceReport {
  /** `null` gathers ratings sent without a service. */
  serviceId: string | null;
  name: string | null;
  team: string | null;
  count: number;
  mean: number | null;
  csatPercent: number | null;
  dimensions: { communication: number | null; understanding: number | null; proactiveness: number | null };
  slaMetPercent: number | null;
  /** How many ratings carried an SLA outcome (the base of `slaMetPercent`). */
  slaRated: number;
  weekly: WeekPoint[];
  /**
   * Years within the rated weeks (or the from/to filter) that the service's calendar lacks holiday
   * data for: SLA outcomes there counted holidays as working days. Empty when covered.
   */
  holidayDataMissing: number[];
}

export interface Report {
  generatedAt: string;
  filter: { service: string | null; from: string | null; to: string | null };
  services: ServiceReport[];
}

export interface ReportQuery {
  service?: string;
  from?: string;
  to?: string;
}

export type ParsedFilter = { ok: true; filter: RatingFilter; query: ReportQuery } | { ok: false; error: string };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const SERVICE_ID = /^[\w.:-]{1,200}$/;
const DAY_MS = 86_400_000;

/** A date `YYYY-MM-DD` (whole day, UTC) or an ISO 8601 instant with offset. */
function parseBound(value: string, edge: 'from' | 'to'): number | undefined {
  if (DATE_ONLY.test(value)) {
    const start = Date.parse(`${value}T00:00:00.000Z`);
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== value) return undefined;
    return edge === 'from' ? start : start + DAY_MS - 1;
  }
  if (INSTANT.test(value)) {
    const instant = Date.parse(value);
    return Number.isNaN(instant) ? undefined : instant;
  }
  return undefined;
}

/** Validates `service`, `from`, `to`; the error names the bad parameter. Empty values mean "no filter". */
export function parseReportFilter(params: Record<string, string | undefined>): ParsedFilter {
  const filter: RatingFilter = {};
  const query: ReportQuery = {};
  const service = params.service?.trim();
  if (service) {
    if (!SERVICE_ID.test(service)) return { ok: false, error: 'service: must be a service id (letters, digits, - _ . :)' };
    filter.service = query.service = service;
  }
  for (const edge of ['from', 'to'] as const) {
    const value = params[edge]?.trim();
    if (!value) continue;
    const bound = parseBound(value, edge);
    if (bound === undefined) {
      return { ok: false, error: `${edge}: must be a date YYYY-MM-DD or an ISO 8601 instant such as 2026-03-02T09:00:00Z` };
    }
    query[edge] = value;
    filter[edge === 'from' ? 'fromMs' : 'toMs'] = bound;
  }
  if (filter.fromMs !== undefined && filter.toMs !== undefined && filter.fromMs > filter.toMs) {
    return { ok: false, error: 'to: must not be before from' };
  }
  return { ok: true, filter, query };
}

const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};
const mean = (sum: number | null, count: number) => (count === 0 || sum === null ? null : round(sum / count, 2));
const percent = (part: number | null, whole: number) => (whole === 0 ? null : round(((part ?? 0) * 100) / whole, 1));

function emptyTotals(serviceId: string): ServiceTotalsRow {
  return {
    serviceId,
    count: 0,
    overallSum: 0,
    satisfied: 0,
    communicationSum: null,
    communicationCount: 0,
    understandingSum: null,
    understandingCount: 0,
    proactivenessSum: null,
    proactivenessCount: 0,
    slaMet: null,
    slaKnown: 0,
  };
}

/**
 * Configured services come first in configuration order (listed even with no ratings), then
 * ratings for ids the configuration no longer knows, then ratings without a service.
 */
export function buildReport(input: {
  totals: readonly ServiceTotalsRow[];
  weeks: readonly WeekTotalsRow[];
  services: readonly Service[];
  /** For the holiday-data marks; without them nothing is marked. */
  catalogue?: { policies?: readonly SlaPolicy[]; calendars?: readonly Calendar[] };
  query: ReportQuery;
  now?: Date;
}): Report {
  const byService = new Map(input.totals.map((row) => [row.serviceId, row]));
  const configured = input.services.filter((service) => !input.query.service || service.id === input.query.service);
  const configuredIds = new Set(configured.map((service) => service.id));
  const rows = [
    ...configured.map((service) => byService.get(service.id) ?? emptyTotals(service.id)),
    ...input.totals
      .filter((row) => row.serviceId !== null && !configuredIds.has(row.serviceId))
      .sort((a, b) => String(a.serviceId).localeCompare(String(b.serviceId))),
    ...input.totals.filter((row) => row.serviceId === null),
  ];
  const serviceById = new Map(input.services.map((service) => [service.id, service]));
  return {
    generatedAt: (input.now ?? new Date()).toISOString(),
    filter: { service: input.query.service ?? null, from: input.query.from ?? null, to: input.query.to ?? null },
    services: rows.map((row) => {
      const service = row.serviceId === null ? undefined : serviceById.get(row.serviceId);
      const calendar = service && input.catalogue ? serviceSlaParts(service, input.catalogue).calendar : undefined;
      const missingIn = (fromMs: number, toMs: number) => (calendar ? missingHolidayYears(calendar, fromMs, toMs) : []);
      const weekly: WeekPoint[] = input.weeks
        .filter((week) => week.serviceId === row.serviceId)
        .map((week) => {
          const start = Date.parse(`${week.weekStart}T00:00:00.000Z`);
          const missing = missingIn(start, start + 7 * DAY_MS - 1);
          return {
            weekStart: week.weekStart,
            count: week.count,
            mean: mean(week.overallSum, week.count) ?? 0,
            csatPercent: percent(week.satisfied, week.count) ?? 0,
            ...(missing.length > 0 ? { holidayDataMissing: missing } : {}),
          };
        });
      const fromMs = input.query.from ? parseBound(input.query.from, 'from') : undefined;
      const toMs = input.query.to ? parseBound(input.query.to, 'to') : undefined;
      const span = fromMs !== undefined && toMs !== undefined ? missingIn(fromMs, toMs) : [];
      const holidayDataMissing = [...new Set([...span, ...weekly.flatMap((week) => week.holidayDataMissing ?? [])])].sort((a, b) => a - b);
      return {
        serviceId: row.serviceId,
        name: service?.name ?? row.serviceId,
        team: service?.team ?? null,
        count: row.count,
        mean: mean(row.overallSum, row.count),
        csatPercent: percent(row.satisfied, row.count),
        dimensions: {
          communication: mean(row.communicationSum, row.communicationCount),
          understanding: mean(row.understandingSum, row.understandingCount),
          proactiveness: mean(row.proactivenessSum, row.proactivenessCount),
        },
        slaMetPercent: percent(row.slaMet, row.slaKnown),
        slaRated: row.slaKnown,
        weekly,
        holidayDataMissing,
      };
    }),
  };
}

/** Asks the store for the sums behind `filter` and builds the report from them. */
export async function loadReport(
  store: Store,
  input: { filter: RatingFilter; services: readonly Service[]; catalogue?: { policies?: readonly SlaPolicy[]; calendars?: readonly Calendar[] }; query: ReportQuery; now?: Date },
): Promise<Report> {
  const [totals, weeks] = await Promise.all([store.totals(input.filter), store.weeks(input.filter)]);
  return buildReport({ totals, weeks, services: input.services, catalogue: input.catalogue, query: input.query, now: input.now });
}
