// `auth` in the server configuration: defaults, the environment, and refusals naming the field.
import { describe, expect, it } from 'vitest';
import { sharedIngestAllowed } from '../../../server/auth/config';
import { ConfigError, parseConfig } from '../../../server/config/server-config';
import { exampleConfig } from '../helpers';

const problemsOf = (raw: Record<string, unknown>) => {
  try {
    parseConfig(raw, 'test');
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('auth configuration', () => {
  it('defaults: no oidc and shared ingest on; with oidc, shared ingest off and the usual claims', () => {
    expect(sharedIngestAllowed(parseConfig(exampleConfig(), 'test').auth)).toBe(true);
    const config = parseConfig({ ...exampleConfig(), auth: { oidc: { issuer: 'https://idp.example.com', clientId: 'sf' } } }, 'test');
    expect(sharedIngestAllowed(config.auth)).toBe(false);
    expect(config.auth.oidc).toMatchObject({ scopes: ['openid', 'email', 'profile'], emailClaim: 'email', nameClaim: 'name', groupsClaim: 'groups', adminGroups: [] });
  });

  it('takes the issuer, client id and secret from the environment', () => {
    const config = parseConfig(exampleConfig(), 'test', {
      SERVICE_FEEDBACK_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
      SERVICE_FEEDBACK_OIDC_CLIENT_ID: 'client',
      SERVICE_FEEDBACK_OIDC_CLIENT_SECRET: 'secret-from-env',
    });
    expect(config.auth.oidc).toMatchObject({ issuer: 'https://login.microsoftonline.com/tenant/v2.0', clientId: 'client', clientSecret: 'secret-from-env' });
  });

  it('refuses a plain-http issuer off loopback and an empty ingest list while shared ingest is on', () => {
    expect(problemsOf({ ...exampleConfig(), auth: { oidc: { issuer: 'http://idp.example.com', clientId: 'sf' } } })).toEqual([
      'auth.oidc.issuer: must be https (http only on loopback)',
    ]);
    expect(problemsOf({ ...exampleConfig(), auth: { oidc: { issuer: 'http://127.0.0.1:9000', clientId: 'sf' } } })).toEqual([]);
    const noIngest = { ...exampleConfig(), tokens: { ingest: [], admin: 'test-admin-token-00001' } };
    expect(problemsOf(noIngest)).toEqual(['tokens.ingest: needs at least one ingest token (or configure auth.oidc and set auth.sharedIngest to false)']);
    expect(problemsOf({ ...noIngest, auth: { oidc: { issuer: 'https://idp.example.com', clientId: 'sf' } } })).toEqual([]);
  });
});
