// Configuration reload without a restart (issue 12), on a real server process (server/main.ts):
// a changed file takes over (tokens, services, alerts), SIGHUP reloads, and a bad file is refused
// with one problem per field while the running configuration stays.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { childServerTests } from '../child-server';
import { ADMIN, bearer, exampleConfig, INGEST, makeRating, postRatings } from '../helpers';
import { startReceiver, waitFor } from '../notify/receivers';

const tests = childServerTests('sf-reload-');

type Line = { msg: string; trigger?: string; problems?: string[]; url?: string };

it('reloads a changed file and on SIGHUP, and refuses a bad file keeping the running configuration', async () => {
  const base = exampleConfig() as { services: Record<string, unknown>[]; tokens: Record<string, unknown> };
  const { dir, configPath, env } = tests.folder(base, 'r.db');
  const server = await tests.start({ ...env, SERVICE_FEEDBACK_NOTIFY_POLL_MS: '20' });
  const child = server.process;
  const { url } = server;
  const lines = () => server.lines() as Line[];
  const count = (msg: string) => lines().filter((line) => line.msg === msg).length;
  const services = async (token: string) => {
    const answer = await fetch(`${url}/v1/config`, { headers: bearer(token) });
    return answer.status === 200 ? ((await answer.json()) as { services: { id: string }[] }).services.map((service) => service.id) : answer.status;
  };
  expect(await services(INGEST)).not.toContain('payroll');

  // A new service with an alert, and a new ingest token, saved the way editors do (write + rename).
  const receiver = tests.keep(await startReceiver());
  const NEW_TOKEN = 'reloaded-ingest-token-01';
  const payroll = { id: 'payroll', name: 'Payroll', notify: [{ type: 'webhook', url: `${receiver.url}/webhook`, on: ['low'] }] };
  const next = { ...base, tokens: { ...base.tokens, ingest: [NEW_TOKEN] }, services: [...base.services, payroll] };
  writeFileSync(join(dir, 'config.json.tmp'), JSON.stringify(next));
  renameSync(join(dir, 'config.json.tmp'), configPath);
  await waitFor(() => count('configuration reloaded') >= 1, 10_000, 'the reload after the file changed');
  expect(lines().find((line) => line.msg === 'configuration reloaded')!.trigger).toBe('file changed');
  expect(await services(NEW_TOKEN)).toContain('payroll');
  expect(await services(INGEST)).toBe(401);
  const rating = makeRating({ serviceId: 'payroll', overall: 1 });
  expect((await postRatings({ url }, [rating], NEW_TOKEN)).status).toBe(200);
  await waitFor(() => receiver.received.length === 1, 10_000, 'the alert to the new service target');
  expect((receiver.received[0]!.body.rating as { id: string }).id).toBe(rating.id);

  // A bad file: refused with the per-field messages, the running configuration stays.
  const bad = { ...next, services: [...base.services, { ...payroll, notify: [{ type: 'irc', url: 'http://chat.example.com/x', lowAt: 9 }] }] };
  writeFileSync(configPath, JSON.stringify(bad));
  await waitFor(() => count('configuration refused; the running configuration stays') >= 1, 10_000, 'the refusal');
  const refused = lines().find((line) => line.msg.startsWith('configuration refused'))!;
  expect(refused.problems).toEqual(
    expect.arrayContaining([
      expect.stringContaining('services[4].notify[0].type: must be one of'),
      expect.stringContaining('services[4].notify[0].url: must be an https URL'),
      'services[4].notify[0].lowAt: must be 1-5',
    ]),
  );
  expect(await services(NEW_TOKEN)).toContain('payroll');
  expect((await postRatings({ url }, [makeRating({ serviceId: 'payroll', overall: 2 })], NEW_TOKEN)).status).toBe(200);
  await waitFor(() => receiver.received.length === 2, 10_000, 'alerts still going out');
  expect((await fetch(`${url}/v1/report`, { headers: bearer(ADMIN) })).status).toBe(200);

  // SIGHUP reads the file again: still bad, still refused; once fixed, SIGHUP takes it.
  child.kill('SIGHUP');
  await waitFor(() => lines().some((line) => line.msg.startsWith('configuration refused') && line.trigger === 'SIGHUP'), 10_000, 'SIGHUP refusal');
  writeFileSync(configPath, JSON.stringify(base));
  await waitFor(() => count('configuration reloaded') >= 2, 10_000, 'the reload of the fixed file');
  child.kill('SIGHUP');
  await waitFor(() => lines().some((line) => line.msg === 'configuration reloaded' && line.trigger === 'SIGHUP'), 10_000, 'SIGHUP reload');
  expect(await services(INGEST)).not.toContain('payroll');
  expect(child.exitCode).toBe(null);
}, 90_000);
