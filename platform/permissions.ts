/**
 * Per-origin host access. Custom tracker origins and the backend origin are optional host
 * permissions (manifest `optional_host_permissions`), granted one origin at a time.
 *
 * `permissions.request` must be the first thing a click handler does: Firefox (and Chrome for
 * some flows) only honours it while the user gesture is still active, so callers must not
 * `await` anything before calling `requestOriginAccess`.
 */
import { browser } from 'wxt/browser';
import { isBuiltInHost } from '../utils/trackers/built-in-matches';

/**
 * `https://jira.example.com:8443` → `https://jira.example.com/*`. The port is left out because
 * Firefox match patterns cannot carry one (Firefox bug 1362809); Chrome treats a missing port as
 * any port, so the pattern covers every port of that host in both.
 */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * Reads a URL as typed by a person into its origin, or explains what is wrong with it.
 * Accepts a full page URL (`https://jira.example.com/browse/OPS-1`) and keeps its path apart,
 * because a Jira Server path such as `/jira` is meaningful.
 */
export function parseOriginInput(input: string): { ok: true; origin: string; path: string } | { ok: false; reason: 'empty' | 'invalid' | 'scheme' } {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  let url: URL;
  try {
    url = new URL(/^[a-z][\w+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' };
  if (url.hostname === '') return { ok: false, reason: 'invalid' };
  return { ok: true, origin: url.origin, path: url.pathname.replace(/\/+$/, '') };
}

/** Origins the manifest's static content script and host permissions already cover. */
export function isBuiltInOrigin(origin: string): boolean {
  return isBuiltInHost(new URL(origin));
}

/** Call synchronously from a click handler (see the file comment). */
export function requestOriginAccess(origins: string[]): Promise<boolean> {
  return browser.permissions.request({ origins: origins.map(originPattern) });
}

export async function hasOriginAccess(origin: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [originPattern(origin)] });
  } catch {
    // Chrome throws for patterns it cannot parse; such an origin has no access.
    return false;
  }
}

/** Access right now for each origin, in one pass. */
export async function accessByOrigin(origins: readonly string[]): Promise<Map<string, boolean>> {
  const unique = [...new Set(origins)];
  const granted = await Promise.all(unique.map((origin) => hasOriginAccess(origin)));
  return new Map(unique.map((origin, index) => [origin, granted[index] ?? false]));
}

/**
 * Gives up an origin's permission unless something else still needs it (the backend and a
 * tracker may share a host). Returns whether it was removed.
 */
export async function releaseOriginAccess(origin: string, stillNeeded: readonly string[]): Promise<boolean> {
  if (stillNeeded.includes(origin)) return false;
  try {
    return await browser.permissions.remove({ origins: [originPattern(origin)] });
  } catch {
    // Chrome refuses to remove a host that is a required (built-in) permission; nothing to give up.
    return false;
  }
}
