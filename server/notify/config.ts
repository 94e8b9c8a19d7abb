/**
 * `services[].notify`, `services[].language` and `publicUrl`: where a service's alerts go and in
 * which language. Secrets live only here (never in `/v1/config`, never in logs).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const NOTIFY_TYPES = ['slack', 'teams', 'feishu', 'dingtalk', 'wecom', 'webhook'] as const;
export type NotifyType = (typeof NOTIFY_TYPES)[number];
export const NOTIFY_ON = ['low', 'comment', 'answer', 'digest'] as const;
export type NotifyOn = (typeof NOTIFY_ON)[number];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `https`, or `http` to a loopback host (tests and local receivers). */
export function isAllowedUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

export const NotifyTarget = z.object({
  type: z.enum(NOTIFY_TYPES, { message: `must be one of ${NOTIFY_TYPES.join(', ')}` }),
  url: z.string().refine(isAllowedUrl, 'must be an https URL (http only to 127.0.0.1, localhost or [::1])'),
  secret: z.string().min(1, 'must not be empty').max(500, 'at most 500 characters').optional(),
  on: z.array(z.enum(NOTIFY_ON, { message: `must be one of ${NOTIFY_ON.join(', ')}` })).default(['low', 'digest']),
  lowAt: z.number().int('must be a whole score').min(1, 'must be 1-5').max(5, 'must be 1-5').default(2),
});
export type NotifyTarget = z.infer<typeof NotifyTarget>;

export const SERVICE_LANGUAGES = ['en', 'zh_CN'] as const;

/** Fields a service gains on the server only (stripped from `/v1/config` by `RemoteConfig.parse`). */
export const serviceNotifyFields = {
  notify: z.array(NotifyTarget).max(20).default([]),
  language: z.enum(SERVICE_LANGUAGES, { message: 'must be en or zh_CN' }).default('en'),
};

/** Where people open the web UI: links in messages point at `<publicUrl>/inbox?rating=<id>`. */
export const publicUrlField = z
  .string()
  .refine(isAllowedUrl, 'must be an https URL (http only to a loopback host)')
  .transform((value) => value.replace(/\/+$/, ''))
  .optional();

/**
 * A stable name for a target that reveals neither URL nor secret: deliveries point at it, so a
 * config edit that removes a target fails its pending deliveries instead of sending elsewhere.
 */
export function targetKey(target: Pick<NotifyTarget, 'type' | 'url'>): string {
  return createHash('sha256').update(`${target.type}\n${target.url}`).digest('hex').slice(0, 16);
}

/** The host only, for logs and the admin list (a Slack/WeCom URL is itself a secret). */
export function redactUrl(value: string): string {
  try {
    return new URL(value).host;
  } catch {
    return '(invalid)';
  }
}
