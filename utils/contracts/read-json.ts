/**
 * Small, explicit readers for the JSON answers the content script relies on (background replies,
 * Jira and JSM REST). Hand-written instead of a schema library: the content script's budget is
 * 30 KB gzipped. Each reader checks the type of what it returns and throws NotAsExpected
 * otherwise; `readOrUndefined` turns that into undefined for the caller's fallback. Keys are read
 * as own properties only, so `toString` and friends on Object.prototype never count as present.
 */
export class NotAsExpected extends Error {
  override name = 'NotAsExpected';
}

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown): JsonRecord {
  if (!isRecord(value)) throw new NotAsExpected('expected an object');
  return value;
}

/** The value at an own key; undefined when the key is absent. */
export function own(obj: JsonRecord, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function typed<T>(obj: JsonRecord, key: string, type: string, check: (value: unknown) => boolean): T {
  const value = own(obj, key);
  if (!check(value)) throw new NotAsExpected(`"${key}" is not ${type}`);
  return value as T;
}

const isString = (value: unknown) => typeof value === 'string';
const isFiniteNumber = (value: unknown) => Number.isFinite(value);
const isBoolean = (value: unknown) => typeof value === 'boolean';

export const string = (obj: JsonRecord, key: string) => typed<string>(obj, key, 'a string', isString);
export const number = (obj: JsonRecord, key: string) => typed<number>(obj, key, 'a finite number', isFiniteNumber);
export const boolean = (obj: JsonRecord, key: string) => typed<boolean>(obj, key, 'a boolean', isBoolean);
export const optionalString = (obj: JsonRecord, key: string) => optional(obj, key, () => string(obj, key));
export const optionalNumber = (obj: JsonRecord, key: string) => optional(obj, key, () => number(obj, key));
export const optionalBoolean = (obj: JsonRecord, key: string) => optional(obj, key, () => boolean(obj, key));

/** `read(value)` when the key holds a value, undefined when it is absent or undefined. */
export function optional<T>(obj: JsonRecord, key: string, read: (value: unknown) => T): T | undefined {
  const value = own(obj, key);
  return value === undefined ? undefined : read(value);
}

/** Like `optional`, but null is kept as null (Jira sends `"assignee": null` for "nobody"). */
export function nullable<T>(obj: JsonRecord, key: string, read: (value: unknown) => T): T | null | undefined {
  return own(obj, key) === null ? null : optional(obj, key, read);
}

export function stringItem(value: unknown): string {
  if (typeof value !== 'string') throw new NotAsExpected('expected a string');
  return value;
}

export function arrayOf<T>(value: unknown, readItem: (item: unknown) => T): T[] {
  if (!Array.isArray(value)) throw new NotAsExpected('expected an array');
  return value.map((item) => readItem(item));
}

/** `read(value)`, or undefined when the value is not as expected. */
export function readOrUndefined<T>(value: unknown, read: (value: unknown) => T): T | undefined {
  try {
    return read(value);
  } catch (error) {
    if (error instanceof NotAsExpected) return undefined;
    throw error;
  }
}
