// SERVICE_FEEDBACK_NOTIFY_*: the delivery loop's documented tuning knobs, and a start-up that
// refuses a bad one by name.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../server/config/server-config';
import { deliveryTuningFromEnv } from '../../../server/notify/tuning';
import { startServer } from '../../../server/start';
import { startTestServer } from '../helpers';

describe('delivery tuning from the environment', () => {
  it('reads every knob and names each bad one', async () => {
    expect(deliveryTuningFromEnv({})).toEqual({ tuning: {}, problems: [] });
    expect(
      deliveryTuningFromEnv({
        SERVICE_FEEDBACK_NOTIFY_POLL_MS: '20',
        SERVICE_FEEDBACK_NOTIFY_TIMEOUT_MS: '500',
        SERVICE_FEEDBACK_NOTIFY_LEASE_MS: '2000',
        SERVICE_FEEDBACK_NOTIFY_BATCH: '50',
        SERVICE_FEEDBACK_NOTIFY_RETRY_BASE_MS: '100',
        SERVICE_FEEDBACK_NOTIFY_RETRY_MAX_MS: '1000',
        SERVICE_FEEDBACK_NOTIFY_GIVE_UP_MS: '60000',
      }),
    ).toEqual({
      tuning: { pollMs: 20, timeoutMs: 500, leaseMs: 2000, batch: 50, retry: { baseDelayMs: 100, maxDelayMs: 1000, giveUpAfterMs: 60000 } },
      problems: [],
    });
    const { problems } = deliveryTuningFromEnv({ SERVICE_FEEDBACK_NOTIFY_POLL_MS: 'soon', SERVICE_FEEDBACK_NOTIFY_BATCH: '0', SERVICE_FEEDBACK_NOTIFY_LEASE_MS: '5000' });
    expect(problems).toEqual([
      'SERVICE_FEEDBACK_NOTIFY_POLL_MS: must be a whole number from 1 to 604800000',
      'SERVICE_FEEDBACK_NOTIFY_BATCH: must be a whole number from 1 to 604800000',
      'SERVICE_FEEDBACK_NOTIFY_LEASE_MS: must be longer than the request timeout (10000 ms)',
    ]);

    const server = await startTestServer();
    await server.close();
    const refused = await startServer({ port: 0, ...server.database, configPath: server.configPath, env: { SERVICE_FEEDBACK_NOTIFY_TIMEOUT_MS: '-1' } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).problems).toEqual(['SERVICE_FEEDBACK_NOTIFY_TIMEOUT_MS: must be a whole number from 1 to 604800000']);
    await server.dispose();
  });
});
