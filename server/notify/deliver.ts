/**
 * One delivery attempt: build the provider's request (body, signature, event id header), send it
 * with a timeout and classify the answer. `2xx` delivers; `408`, `429`, `5xx` and network errors
 * retry (honouring `Retry-After`); any other `4xx` fails at once.
 */
import type { DeliveryOutcome } from '../store/notify';
import type { NotifyTarget } from './config';
import { renderBody, type EventEnvelope } from './messages';
import type { Translate } from '../report/page';
import { signDingTalkUrl, signFeishu, signWebhook } from './sign';

export interface RetryPolicy {
  /** First retry delay (30 s); doubles per attempt up to `maxDelayMs` (1 h). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this long since the event, a retryable failure becomes `failed` (24 h). */
  giveUpAfterMs: number;
}
export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 3_600_000, giveUpAfterMs: 24 * 3_600_000 };

export function buildRequest(target: NotifyTarget, event: EventEnvelope, t: Translate, language: 'en' | 'zh_CN', nowMs: number) {
  const body = renderBody(target.type, event, t, language);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Service-Feedback-Event-Id': event.id };
  let url = target.url;
  if (target.secret && target.type === 'feishu') Object.assign(body, signFeishu(target.secret, nowMs));
  if (target.secret && target.type === 'dingtalk') url = signDingTalkUrl(url, target.secret, nowMs);
  const raw = JSON.stringify(body);
  if (target.secret && target.type === 'webhook') headers['Service-Feedback-Signature'] = signWebhook(target.secret, raw, nowMs);
  return { url, headers, body: raw };
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function nextDelayMs(attempts: number, policy: RetryPolicy, retryAfter?: number): number {
  const backoff = Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempts - 1), policy.maxDelayMs);
  return retryAfter === undefined ? backoff : Math.min(Math.max(retryAfter, 0), policy.maxDelayMs);
}

export async function attempt(
  request: { url: string; headers: Record<string, string>; body: string },
  context: { attempts: number; eventCreatedAt: number; now: () => number; policy: RetryPolicy; timeoutMs: number; signal?: AbortSignal },
): Promise<DeliveryOutcome> {
  let status: number | null = null;
  let error: string;
  let retryAfter: number | undefined;
  try {
    const signals = [AbortSignal.timeout(context.timeoutMs), ...(context.signal ? [context.signal] : [])];
    const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.any(signals), redirect: 'manual' });
    status = response.status;
    const text = await response.text().catch(() => '');
    if (status >= 200 && status < 300) {
      const refusal = providerRefusal(text);
      if (!refusal) return { state: 'delivered', status, at: context.now() };
      return { state: 'failed', status, error: refusal };
    }
    error = `status ${status}`;
    if (status !== 408 && status !== 429 && status < 500) return { state: 'failed', status, error };
    retryAfter = retryAfterMs(response.headers.get('retry-after'), context.now());
  } catch (caught) {
    const name = (caught as Error).name;
    error = name === 'TimeoutError' ? `timeout after ${context.timeoutMs} ms` : name === 'AbortError' ? 'stopped' : `network: ${(caught as Error).message}`;
  }
  const now = context.now();
  const nextAttemptAt = now + nextDelayMs(context.attempts, context.policy, retryAfter);
  if (nextAttemptAt - context.eventCreatedAt > context.policy.giveUpAfterMs) return { state: 'failed', status, error: `${error}; gave up after retrying` };
  return { state: 'pending', nextAttemptAt, status, error };
}

/** Feishu, DingTalk and WeCom answer 200 with an error code (bad signature, bad body); that is no delivery. */
function providerRefusal(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { code?: unknown; errcode?: unknown; msg?: unknown; errmsg?: unknown };
    const code = body.code ?? body.errcode;
    if (typeof code === 'number' && code !== 0) return `provider error ${code}: ${String(body.msg ?? body.errmsg ?? '').slice(0, 200)}`;
  } catch {
    // Not JSON (Slack answers "ok"): the status decides.
  }
  return undefined;
}
