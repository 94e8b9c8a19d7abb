/**
 * The providers' own signing schemes (DESIGN.md → Notifications). Feishu and DingTalk both HMAC
 * `timestamp + "\n" + secret`, but Feishu uses it as the KEY over an empty message while DingTalk
 * uses it as the MESSAGE under the key `secret`; hence one function each, never a shared helper.
 */
import { createHmac } from 'node:crypto';

/** Feishu custom bot: body fields `timestamp` (seconds, string) and `sign`. */
export function signFeishu(secret: string, nowMs: number): { timestamp: string; sign: string } {
  const timestamp = String(Math.floor(nowMs / 1000));
  const sign = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
  return { timestamp, sign };
}

/** DingTalk custom robot: query parameters `timestamp` (milliseconds) and `sign` (URL-encoded). */
export function signDingTalkUrl(url: string, secret: string, nowMs: number): string {
  const timestamp = String(nowMs);
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  const signed = new URL(url);
  // URLSearchParams percent-encodes `+`, `/` and `=` of the base64 value, as DingTalk asks.
  signed.searchParams.set('timestamp', timestamp);
  signed.searchParams.set('sign', sign);
  return signed.toString();
}

/** Our webhook: `Service-Feedback-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export function signWebhook(secret: string, rawBody: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex')}`;
}
