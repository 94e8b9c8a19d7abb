// "You said, we did" from the real backend (node:http + SQLite file) into the extension's cached
// config: an owner publishes an improvement, `/v1/config` carries it, the Service schema keeps it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { effectiveConfig, refreshRemoteConfig } from '../../platform/remote-config';
import { latestImprovement } from '../../utils/catalogue/services';
import { startTestServer, type TestServer } from '../server/helpers';
import { IT_OWNER, REQUESTER, loopConfig } from '../server/loop/helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: loopConfig() });
});
afterAll(() => server.dispose());
beforeEach(() => fakeBrowser.reset());

const publish = (text: string) =>
  fetch(`${server.url}/v1/services/it-helpdesk/improvements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${IT_OWNER}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });

describe('improvements in the cached config', () => {
  it('keeps the latest improvements the backend publishes, newest wins, text as sent', async () => {
    const settings = { backendUrl: server.url, token: REQUESTER, local: undefined };
    expect(await refreshRemoteConfig(settings)).toEqual({ state: 'updated' });
    const before = (await effectiveConfig(settings)).services.find((service) => service.id === 'it-helpdesk');
    expect(before?.improvements ?? []).toEqual([]);

    expect((await publish('Password resets now take 5 minutes')).status).toBe(201);
    const hostile = '<img src=x onerror=alert(1)> VPN tickets get a first answer within the hour';
    expect((await publish(hostile)).status).toBe(201);

    // The ETag changed with the new improvements, so this is a full answer.
    expect(await refreshRemoteConfig(settings)).toEqual({ state: 'updated' });
    const service = (await effectiveConfig(settings)).services.find((item) => item.id === 'it-helpdesk');
    expect(service?.improvements).toHaveLength(2);
    expect(latestImprovement(service)).toMatchObject({ text: hostile, author: { name: 'Iris Ops' } });
    // Other services carry none.
    const others = (await effectiveConfig(settings)).services.filter((item) => item.id !== 'it-helpdesk');
    expect(others.every((item) => (item.improvements ?? []).length === 0)).toBe(true);
  });
});
