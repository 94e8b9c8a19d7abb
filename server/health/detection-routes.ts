/**
 * `POST /v1/health/detection` (ingest or personal token): extensions' daily counts of ticket pages
 * that gave no title or status, per install-day id, day and tracker — tracker types, chain names
 * and version strings only. Only when the config file says `collectDetectionHealth: true`;
 * otherwise 403 and nothing is stored. A resend replaces the same rows (idempotent per
 * install-day id, day and tracker); `200` means they are on disk.
 */
import { Hono } from 'hono';
import { DetectionHealthAnswer, DetectionHealthUpload } from '../../utils/contracts/detection-health';
import { fail, type Deps, type Env } from '../http/context';
import { doc } from '../http/openapi';
import { readJson } from '../inbox/items';
import { DETECTION_HEALTH_KEEP_DAYS } from '../store/detection-health';

/** Days a report may name: a late upload of the extension's 14 days, or a clock a day ahead. */
const ACCEPTED_PAST_DAYS = 30;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const JSON_TYPE = /^application\/json\s*(;|$)/i;

const uploadDoc = doc({
  summary: 'Daily detection-miss counts from extensions (idempotent per install-day id, day and tracker)',
  description: 'Only when the server config sets `collectDetectionHealth: true` (also in `/v1/config`). `installId` is random per install and day.',
  tag: 'health',
  callers: ['ingest', 'person'],
  body: {
    schema: DetectionHealthUpload,
    example: { items: [{ installId: '6f1c2a4e-8b1d-4c3a-9e7f-0a1b2c3d4e5f', day: '2026-12-01', tracker: 'gitlab', title: 0, status: 3, emptyChains: { state: 3, statusAnchor: 3 } }] },
  },
  ok: { status: 200, description: 'Stored on disk', json: { schema: DetectionHealthAnswer, example: { stored: 1 } } },
  errors: [400, 403, 413, 415],
});

export function detectionHealthRoutes({ store, config, now, access }: Deps) {
  return new Hono<Env>().post('/detection', uploadDoc, access.requireRole(['ingest', 'person']), async (c) => {
    if (!config.collectDetectionHealth) return fail(c, 403, 'collectDetectionHealth: this server does not collect detection health');
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) return fail(c, 415, 'content-type: must be application/json');
    const body = await readJson(c, DetectionHealthUpload);
    if (!body.ok) return body.response;
    const nowMs = now();
    const [earliest, latest] = [dayOf(nowMs - ACCEPTED_PAST_DAYS * 86_400_000), dayOf(nowMs + 86_400_000)];
    const problems = body.value.items.flatMap((item, index) =>
      item.day < earliest || item.day > latest ? [`items[${index}].day: must be between ${earliest} and ${latest}`] : [],
    );
    if (problems.length > 0) return fail(c, 400, problems.join('; '));
    const stored = await store.saveDetectionHealth(body.value.items, nowMs, dayOf(nowMs - DETECTION_HEALTH_KEEP_DAYS * 86_400_000));
    return c.json({ stored });
  });
}
