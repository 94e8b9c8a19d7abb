/**
 * A fixed request rate the way real clients make one: requests are sent on a schedule (one every
 * 1000/rate ms) whether or not earlier ones have been answered, over a pool of keep-alive
 * connections, and each latency is counted from the request's *scheduled* time, so a stalled
 * server is charged for the requests it held up (no coordinated omission, as in wrk2).
 * autocannon's `overallRate` is closed-loop per connection with a per-second quota: its
 * connections send their whole second's share back to back at each second's start, a burst the
 * server must queue, so its tail measures the burst (printed beside this figure), not the rate.
 */
import http from 'node:http';
import { percentile } from './percentile';

export interface OpenLoopResult {
  sent: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

export interface OpenLoopOptions {
  url: string;
  headers: Record<string, string>;
  body: () => string;
  rate: number;
  seconds: number;
  /** Most connections open at once (requests beyond them wait for a free one, and that wait counts). */
  connections?: number;
}


export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections ?? 32 });
  const target = new URL(options.url);
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const send = (scheduledAt: number) =>
    new Promise<void>((resolve) => {
      const body = options.body();
      const request = http.request(
        target,
        { method: 'POST', agent, headers: { ...options.headers, 'Content-Length': String(Buffer.byteLength(body)) } },
        (response) => {
          response.resume();
          response.on('end', () => {
            latencies.push(performance.now() - scheduledAt);
            if (!response.statusCode || response.statusCode < 200 || response.statusCode > 299) non2xx++;
            resolve();
          });
        },
      );
      request.on('error', () => {
        errors++;
        resolve();
      });
      request.end(body);
    });
  const start = performance.now() + 20;
  let next = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      // Catch up on every request whose time has come (a late timer does not lower the rate).
      while (next < total && start + next * interval <= now) inFlight.push(send(start + next++ * interval));
      if (next >= total) return done();
      setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    setTimeout(tick, 20);
  });
  await Promise.all(inFlight);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { sent: total, p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), max: round(percentile(sorted, 1)), non2xx, errors };
}
