import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsmSla, readJsmSla } from '../../../utils/sla/jsm';

const instant = (iso: string) => ({ iso8601: iso.replace('Z', '+0000'), jira: iso, friendly: 'Today 9:00 AM', epochMillis: Date.parse(iso) });
const duration = (minutes: number) => ({ millis: minutes * 60_000, friendly: `${minutes}m` });

function ongoing(fields: { breached?: boolean; paused?: boolean; goal: number; elapsed: number; remaining: number; breachTime?: string }) {
  return {
    breached: fields.breached ?? false,
    paused: fields.paused ?? false,
    withinCalendarHours: true,
    startTime: instant('2026-03-09T01:00:00Z'),
    ...(fields.breachTime ? { breachTime: instant(fields.breachTime) } : {}),
    goalDuration: duration(fields.goal),
    elapsedTime: duration(fields.elapsed),
    remainingTime: duration(fields.remaining),
  };
}
const completed = (breached: boolean, elapsed: number) => ({
  breached,
  startTime: instant('2026-03-09T01:00:00Z'),
  stopTime: instant('2026-03-09T02:30:00Z'),
  breachTime: instant('2026-03-09T05:00:00Z'),
  goalDuration: duration(240),
  elapsedTime: duration(elapsed),
  remainingTime: duration(240 - elapsed),
});
const answer = (...values: unknown[]) => ({ size: values.length, start: 0, limit: 50, isLastPage: true, values, _links: {} });

describe('parseJsmSla', () => {
  it('maps the standard metrics: an ongoing response cycle and a completed resolution cycle', () => {
    const evaluation = parseJsmSla(
      answer(
        { id: '1', name: 'Time to first response', ongoingCycle: ongoing({ goal: 60, elapsed: 15, remaining: 45, breachTime: '2026-03-09T02:00:00Z' }), completedCycles: [] },
        { id: '2', name: 'Time to resolution', completedCycles: [completed(false, 90)] },
      ),
    );
    expect(evaluation).toEqual({
      source: 'jira-service-management',
      firstResponse: { state: 'running', targetMinutes: 60, elapsedMinutes: 15, remainingMinutes: 45, dueAt: '2026-03-09T02:00:00.000Z' },
      resolution: { state: 'met', targetMinutes: 240, elapsedMinutes: 90, remainingMinutes: 150, dueAt: '2026-03-09T05:00:00.000Z', completedAt: '2026-03-09T02:30:00.000Z' },
    });
  });

  it.each([
    ['breached', ongoing({ breached: true, goal: 60, elapsed: 75, remaining: -15 }), 'breached', -15],
    ['paused', ongoing({ paused: true, goal: 60, elapsed: 20, remaining: 40 }), 'paused', 40],
    ['at risk from 75%', ongoing({ goal: 60, elapsed: 50, remaining: 10 }), 'at-risk', 10],
    ['running', ongoing({ goal: 60, elapsed: 10, remaining: 50 }), 'running', 50],
  ])('ongoing cycle: %s', (_name, cycle, state, remaining) => {
    expect(parseJsmSla(answer({ name: 'Time to first response', ongoingCycle: cycle }))?.firstResponse).toMatchObject({ state, remainingMinutes: remaining });
  });

  it('takes the latest completed cycle when no cycle is ongoing', () => {
    const evaluation = parseJsmSla(answer({ name: 'Time to resolution', completedCycles: [completed(false, 30), completed(true, 300)] }));
    expect(evaluation?.resolution).toMatchObject({ state: 'breached', elapsedMinutes: 300 });
  });

  it.each([
    ['names compare case-insensitively', 'TIME TO FIRST RESPONSE', 'firstResponse'],
    ['renamed response metric', 'Response time (VIP)', 'firstResponse'],
    ['renamed resolution metric', 'Time to resolve', 'resolution'],
    ['translated metric', '解决时间', 'resolution'],
  ])('%s: "%s"', (_name, metricName, goal) => {
    const evaluation = parseJsmSla(answer({ name: metricName, ongoingCycle: ongoing({ goal: 60, elapsed: 1, remaining: 59 }) }));
    expect(Object.keys(evaluation ?? {}).filter((key) => key !== 'source')).toEqual([goal]);
  });

  it('prefers the standard metric over a look-alike listed before it', () => {
    const evaluation = parseJsmSla(
      answer(
        { name: 'Response to VIP', ongoingCycle: ongoing({ goal: 10, elapsed: 1, remaining: 9 }) },
        { name: 'Time to first response', ongoingCycle: ongoing({ goal: 60, elapsed: 1, remaining: 59 }) },
      ),
    );
    expect(evaluation?.firstResponse?.targetMinutes).toBe(60);
  });

  it.each([
    ['not an object', 'nope'],
    ['no values', { errorMessages: ['Issue does not exist'] }],
    ['unrelated metrics only', answer({ name: 'Time to approve', ongoingCycle: ongoing({ goal: 60, elapsed: 1, remaining: 59 }) })],
    ['metrics without cycles', answer({ name: 'Time to resolution', completedCycles: [] })],
    ['a cycle missing its goal', answer({ name: 'Time to resolution', ongoingCycle: { breached: false, elapsedTime: duration(1) } })],
    ['values that are not an array', { values: {} }],
    ['a metric name that is not a string', answer({ name: 7, ongoingCycle: ongoing({ goal: 60, elapsed: 1, remaining: 59 }) })],
    ['millis that are not a number', answer({ name: 'Time to first response', ongoingCycle: { ...ongoing({ goal: 60, elapsed: 1, remaining: 59 }), elapsedTime: { millis: '60000' } } })],
    ['breached that is not a boolean', answer({ name: 'Time to first response', ongoingCycle: { ...ongoing({ goal: 60, elapsed: 1, remaining: 59 }), breached: 'no' } })],
    ['paused that is not a boolean', answer({ name: 'Time to first response', ongoingCycle: { ...ongoing({ goal: 60, elapsed: 1, remaining: 59 }), paused: 1 } })],
    ['a breach time that is a string', answer({ name: 'Time to first response', ongoingCycle: { ...ongoing({ goal: 60, elapsed: 1, remaining: 59 }), breachTime: '2026-03-09T05:00:00Z' } })],
    ['completed cycles that are not an array', answer({ name: 'Time to resolution', completedCycles: completed(false, 90) })],
    ['a stop time whose epoch is a string', answer({ name: 'Time to resolution', completedCycles: [{ ...completed(false, 90), stopTime: { epochMillis: '1' } }] })],
  ])('gives undefined for %s', (_name, json) => {
    expect(parseJsmSla(json)).toBeUndefined();
  });
});

describe('readJsmSla against a real HTTP server on loopback', () => {
  let server: Server;
  let origin: string;
  const seen: IncomingMessage[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request);
      const url = request.url ?? '';
      if (url === '/rest/servicedeskapi/request/IT-7/sla' || url === '/jira/rest/servicedeskapi/request/IT-7/sla') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer({ name: 'Time to first response', ongoingCycle: ongoing({ goal: 60, elapsed: 15, remaining: 45 }) })));
      } else if (url.includes('/NOT-JSM-1/')) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end('{"errorMessage":"This is not a service desk request"}');
      } else if (url.includes('/BROKEN-1/')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"values": [');
      } else {
        response.writeHead(500);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the SLA of a JSM request, asking for JSON', async () => {
    const evaluation = await readJsmSla(origin, 'IT-7');
    expect(evaluation?.firstResponse).toMatchObject({ state: 'running', remainingMinutes: 45 });
    expect(seen.at(-1)?.headers.accept).toBe('application/json');
  });

  it('honours a Jira Server context path', async () => {
    expect((await readJsmSla(`${origin}/jira/`, 'IT-7'))?.firstResponse?.targetMinutes).toBe(60);
  });

  it.each([
    ['not a service desk request (404)', 'NOT-JSM-1'],
    ['a truncated answer', 'BROKEN-1'],
    ['a server error', 'OTHER-1'],
  ])('gives undefined for %s', async (_name, key) => {
    expect(await readJsmSla(origin, key)).toBeUndefined();
  });

  it('gives undefined when nothing listens, and for a non-web origin', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await readJsmSla(`http://127.0.0.1:${port}`, 'IT-7')).toBeUndefined();
    expect(await readJsmSla('file:///etc', 'IT-7')).toBeUndefined();
  });

  it('escapes the key into one path segment and sends credentials', async () => {
    let requested: { url: string; init?: RequestInit } | undefined;
    const recordingFetch: typeof fetch = (input, init) => {
      requested = { url: String(input), init };
      return fetch(input, init);
    };
    await readJsmSla(origin, '../IT-7', recordingFetch);
    expect(requested?.url).toBe(`${origin}/rest/servicedeskapi/request/..%2FIT-7/sla`);
    expect(requested?.init?.credentials).toBe('include');
  });
});
