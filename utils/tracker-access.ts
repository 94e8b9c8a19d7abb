/**
 * Background side of custom tracker origins: keeps the runtime-registered content scripts in
 * step with granted host permissions. Filled in by the options-page work; registered at the top
 * of the background worker.
 */
export function registerTrackerAccessListeners(): void {}
