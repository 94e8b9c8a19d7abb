/**
 * npm run calendar:import -- --calendar <id> --source cn|us|date-holidays:<CC[-region]>|ics:<file>
 *   --year 2027 [--write] [--config config/example.json]
 * Prints the days found for review; with --write puts them into the config file (that year's
 * dates replaced, other years kept, the year added to `holidayYears`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Calendar } from '../../utils/contracts/schema';
import { applyYear, importChina, importDateHolidays, importIcs, importUsFederal, NoDataError, type ImportedDay } from './import';

export function importFrom(source: string, year: number): ImportedDay[] {
  if (source === 'cn') return importChina(year);
  if (source === 'us') return importUsFederal(year);
  if (source.startsWith('date-holidays:')) return importDateHolidays(source.slice('date-holidays:'.length), year);
  if (source.startsWith('ics:')) return importIcs(readFileSync(source.slice('ics:'.length), 'utf8'), year);
  throw new NoDataError(`--source: expected cn, us, date-holidays:<CC[-region]> or ics:<file>, got "${source}"`);
}

/** Runs the command; returns the exit code. `out`/`err` receive whole lines. */
export function runCalendarImport(argv: string[], out: (line: string) => void, err: (line: string) => void): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        calendar: { type: 'string' },
        source: { type: 'string' },
        year: { type: 'string' },
        config: { type: 'string', default: process.env.SERVICE_FEEDBACK_CONFIG || 'config/example.json' },
        write: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    err(String((error as Error).message));
    return 2;
  }
  const year = Number(values.year);
  if (!values.calendar) return (err('--calendar: required (a calendar id in the config file)'), 2);
  if (!values.source) return (err('--source: required (cn, us, date-holidays:<CC[-region]> or ics:<file>)'), 2);
  if (!Number.isInteger(year) || year < 1970 || year > 9999) return (err('--year: required, a year such as 2027'), 2);

  const text = readFileSync(values.config, 'utf8');
  const raw = JSON.parse(text) as { calendars?: unknown[] };
  const index = (raw.calendars ?? []).findIndex((entry) => (entry as { id?: unknown })?.id === values.calendar);
  if (index < 0) return (err(`--calendar: no calendar "${values.calendar}" in ${values.config}`), 2);
  const parsed = Calendar.safeParse(raw.calendars![index]);
  if (!parsed.success) return (err(`calendars[${index}]: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`), 2);

  let days: ImportedDay[];
  try {
    days = importFrom(values.source, year);
  } catch (error) {
    err(String((error as Error).message));
    if (values.source === 'cn') err(`Until chinese-days has ${year}: save the State Council's notice as an .ics file and use --source ics:<file>, or type the days into the calendar's holidays and workdays.`);
    return 1;
  }
  for (const day of days) out(`${day.date}  ${day.kind === 'holiday' ? 'day off ' : 'work day'}  ${day.name}`);
  const holidays = days.filter((day) => day.kind === 'holiday').length;
  out(`${values.calendar} ${year}: ${holidays} days off, ${days.length - holidays} make-up working days (${values.source})`);
  if (!values.write) {
    out('Review the days above, then run again with --write to save them.');
    return 0;
  }
  const updated = applyYear(parsed.data, year, days);
  const original = raw.calendars![index] as Record<string, unknown>;
  // Only the three fields change; keys the schema does not know stay as the admin wrote them.
  raw.calendars![index] = { ...original, holidays: updated.holidays, workdays: updated.workdays, holidayYears: updated.holidayYears };
  writeFileSync(values.config, `${JSON.stringify(raw, null, 2)}\n`);
  out(`Written to ${values.config}.`);
  return 0;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = runCalendarImport(process.argv.slice(2), console.log, console.error);
}
