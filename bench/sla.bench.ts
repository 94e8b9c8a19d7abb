/**
 * `npm run bench`: the SLA engine against dayjs-business-time on the same seeded random
 * intervals, with the same UTC calendar (Mon–Fri 09:00–17:00 plus US federal holidays).
 * Checks that both give identical minutes on every sample, then prints µs/call and the ratio
 * for 1-day and 1-year spans. Exits non-zero when the minutes differ or a target is missed.
 *
 * Times are CPU time of this process (`process.cpuUsage`, user + system) per call, so other work
 * on a shared machine does not inflate them; wall-clock figures are printed beside them. Each
 * figure is the best of a few repetitions, for both libraries alike.
 */
// dayjs works in the process's local zone; pin it to UTC before anything reads a date.
process.env.TZ = 'UTC';

import dayjs from 'dayjs';
import dayjsBusinessTime from 'dayjs-business-time';
import { Calendar } from '../utils/contracts/schema';
import { businessMinutesBetween } from '../utils/sla/calendar';

const HOLIDAYS = [
  '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
  '2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25', '2027-12-24',
];
const officeHours: [string, string][] = [['09:00', '17:00']];
const calendar = Calendar.parse({
  id: 'bench-utc',
  timeZone: 'UTC',
  week: { mon: officeHours, tue: officeHours, wed: officeHours, thu: officeHours, fri: officeHours, sat: [], sun: [] },
  holidays: HOLIDAYS,
});

dayjs.extend(dayjsBusinessTime);
const segment = [{ start: '09:00:00', end: '17:00:00' }];
dayjs.setBusinessTime({ sunday: null, monday: segment, tuesday: segment, wednesday: segment, thursday: segment, friday: segment, saturday: null });
dayjs.setHolidays(HOLIDAYS);

/** mulberry32: a small seeded PRNG, so every run measures the same intervals. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const FIRST_MINUTE = Date.UTC(2026, 0, 1) / MINUTE;

/** Whole-minute intervals starting in 2026, `minDays`–`maxDays` long. */
function intervals(count: number, minDays: number, maxDays: number, seed: number): { starts: Float64Array; ends: Float64Array } {
  const random = seededRandom(seed);
  const starts = new Float64Array(count);
  const ends = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const start = (FIRST_MINUTE + Math.floor(random() * 365 * 1440)) * MINUTE;
    starts[i] = start;
    ends[i] = start + Math.floor((minDays + random() * (maxDays - minDays)) * 1440) * MINUTE;
  }
  return { starts, ends };
}

interface Timing {
  /** CPU µs per call. */
  cpu: number;
  /** Wall-clock µs per call. */
  wall: number;
}

const REPETITIONS = 5;

function timed(calls: number, run: () => void): Timing {
  let best: Timing = { cpu: Infinity, wall: Infinity };
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    const cpuBefore = process.cpuUsage();
    const wallBefore = process.hrtime.bigint();
    run();
    const cpu = process.cpuUsage(cpuBefore);
    const wall = Number(process.hrtime.bigint() - wallBefore) / 1000 / calls;
    best = { cpu: Math.min(best.cpu, (cpu.user + cpu.system) / calls), wall: Math.min(best.wall, wall) };
  }
  return best;
}

function timeEngine(starts: Float64Array, ends: Float64Array, rounds: number): Timing {
  let checksum = 0;
  const startDates = Array.from(starts, (t) => new Date(t));
  const endDates = Array.from(ends, (t) => new Date(t));
  for (let i = 0; i < startDates.length; i++) checksum += businessMinutesBetween(calendar, startDates[i]!, endDates[i]!); // warm-up
  const timing = timed(rounds * startDates.length, () => {
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < startDates.length; i++) checksum += businessMinutesBetween(calendar, startDates[i]!, endDates[i]!);
    }
  });
  if (checksum < 0) throw new Error('unreachable');
  return timing;
}

interface Row {
  span: string;
  samples: number;
  engine: Timing;
  dayjs: Timing;
}

function compare(span: string, minDays: number, maxDays: number, dayjsSamples: number, seed: number): Row {
  const { starts, ends } = intervals(dayjsSamples, minDays, maxDays, seed);
  const dayjsStarts = Array.from(starts, (t) => dayjs(t));
  const dayjsEnds = Array.from(ends, (t) => dayjs(t));
  const dayjsMinutes = new Float64Array(dayjsSamples);
  const dayjsTiming = timed(dayjsSamples, () => {
    for (let i = 0; i < dayjsSamples; i++) dayjsMinutes[i] = dayjsStarts[i]!.businessMinutesDiff(dayjsEnds[i]!);
  });

  for (let i = 0; i < dayjsSamples; i++) {
    const ours = businessMinutesBetween(calendar, new Date(starts[i]!), new Date(ends[i]!));
    if (ours !== dayjsMinutes[i]) {
      throw new Error(
        `${span}: minutes differ for ${new Date(starts[i]!).toISOString()} → ${new Date(ends[i]!).toISOString()}: engine ${ours}, dayjs-business-time ${dayjsMinutes[i]}`,
      );
    }
  }
  // The engine is timed on many more intervals (same distribution, same seed prefix) for a stable figure.
  const many = intervals(20_000, minDays, maxDays, seed);
  return { span, samples: dayjsSamples, engine: timeEngine(many.starts, many.ends, 10), dayjs: dayjsTiming };
}

const rows = [compare('1 day', 0, 1, 600, 1), compare('1 year', 360, 370, 60, 2)];
console.log('SLA engine vs dayjs-business-time — UTC Mon–Fri 09:00–17:00, US federal holidays 2026–2027');
console.log('identical minutes on every compared sample\n');
console.log('span    | samples | engine µs/call (CPU / wall) | dayjs-business-time µs/call (CPU / wall) | ratio (CPU)');
const ratio = (row: Row) => row.dayjs.cpu / row.engine.cpu;
for (const row of rows) {
  const engine = `${row.engine.cpu.toFixed(3)} / ${row.engine.wall.toFixed(3)}`;
  const other = `${row.dayjs.cpu.toFixed(1)} / ${row.dayjs.wall.toFixed(1)}`;
  console.log(`${row.span.padEnd(7)} | ${String(row.samples).padStart(7)} | ${engine.padStart(27)} | ${other.padStart(40)} | ${Math.round(ratio(row)).toLocaleString('en')}×`);
}
// For reference, the engine alone on zones with DST (New York) and without (Shanghai), 1-year spans.
for (const timeZone of ['America/New_York', 'Asia/Shanghai']) {
  const zoned = Calendar.parse({ ...calendar, id: `bench-${timeZone}`, timeZone });
  const many = intervals(20_000, 360, 370, 3);
  const startDates = Array.from(many.starts, (t) => new Date(t));
  const endDates = Array.from(many.ends, (t) => new Date(t));
  let checksum = 0;
  const timing = timed(startDates.length, () => {
    for (let i = 0; i < startDates.length; i++) checksum += businessMinutesBetween(zoned, startDates[i]!, endDates[i]!);
  });
  if (checksum < 0) throw new Error('unreachable');
  console.log(`engine alone, ${timeZone}, 1-year spans: ${timing.cpu.toFixed(3)} µs/call CPU (${timing.wall.toFixed(3)} wall)`);
}

const year = rows[1]!;
const failures = [
  ...(year.engine.cpu > 1 ? [`1-year spans take ${year.engine.cpu.toFixed(3)} µs/call (target ≤ 1 µs)`] : []),
  ...rows.filter((row) => ratio(row) < 1000).map((row) => `${row.span}: only ${Math.round(ratio(row))}× faster (target ≥ 1000×)`),
];
if (failures.length > 0) {
  console.error(`\nMISSED: ${failures.join('; ')}`);
  process.exitCode = 1;
}
