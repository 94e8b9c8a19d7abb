/** The SLA engine (DESIGN.md, `utils/sla/`): business time over calendars and goal evaluation. */
export { addBusinessMinutes, addBusinessMs, businessMinutesBetween, businessMsBetween, compileCalendar } from './calendar';
export { evaluateSla, isPauseStatus, pauseIntervals, targetFor } from './evaluate';
export { parseJsmSla, readJsmSla } from './jsm';
export { learnZoneTable, type ZoneTable } from './zone';
export { coveredHolidayYears, missingHolidayYears, yearIn } from './coverage';
