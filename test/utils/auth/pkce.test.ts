// PKCE helpers (utils/auth/pkce.ts): RFC 7636's own example, fresh values per attempt, and the
// reading of the URL the identity window ends on.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64Url, readRedirect, s256Challenge, sameSecret, startPkce, VERIFIER_PATTERN } from '../../../utils/auth/pkce';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

describe('PKCE S256', () => {
  it('gives RFC 7636 appendix B’s challenge for its verifier', async () => {
    expect(await s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('agrees with node:crypto on a fresh verifier', async () => {
    const { verifier, challenge } = await startPkce();
    expect(challenge).toBe(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  });

  it('makes a verifier the backend accepts and a state of 8-200 URL-safe characters', async () => {
    const { verifier, challenge, state } = await startPkce();
    expect(verifier).toMatch(VERIFIER_PATTERN);
    expect(verifier).toHaveLength(43);
    expect(challenge).toMatch(/^[\w-]{43}$/);
    expect(state).toMatch(/^[\w.~-]{8,200}$/);
  });

  it('never repeats itself', async () => {
    const starts = await Promise.all(Array.from({ length: 20 }, () => startPkce()));
    expect(new Set(starts.map((start) => start.verifier)).size).toBe(20);
    expect(new Set(starts.map((start) => start.state)).size).toBe(20);
  });

  it('refuses a verifier PKCE does not allow', async () => {
    await expect(s256Challenge('too-short')).rejects.toThrow(/43-128/);
    await expect(s256Challenge('a'.repeat(42) + ' ')).rejects.toThrow(/43-128/);
  });

  it('encodes base64url without padding', () => {
    expect(base64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it('compares secrets by content', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
  });
});

describe('readRedirect', () => {
  const expected = { state: 'state-of-this-attempt', redirectUri: REDIRECT };

  it.each([
    ['the code of this attempt', `${REDIRECT}?code=one-time&state=state-of-this-attempt`, { kind: 'code', code: 'one-time' }],
    ['another attempt’s state', `${REDIRECT}?code=one-time&state=state-of-another-try`, { kind: 'state-mismatch' }],
    ['no state at all', `${REDIRECT}?code=one-time`, { kind: 'state-mismatch' }],
    ['a refusal with another state', `${REDIRECT}?error=access_denied&state=nope`, { kind: 'state-mismatch' }],
    ['the IdP’s refusal', `${REDIRECT}?error=access_denied&error_description=not+allowed&state=state-of-this-attempt`, { kind: 'denied', error: 'access_denied', description: 'not allowed' }],
    ['no code', `${REDIRECT}?state=state-of-this-attempt`, { kind: 'malformed', detail: 'no code' }],
    ['another place', `https://evil.example/?code=x&state=state-of-this-attempt`, { kind: 'malformed', detail: `came back to https://evil.example, not to ${new URL(REDIRECT).origin}` }],
    ['not a URL', 'nope', { kind: 'malformed', detail: 'not a URL' }],
  ])('reads %s', (_, url, reading) => {
    expect(readRedirect(url, expected)).toEqual(reading);
  });
});
