import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXTENSION_ID, EXTENSION_PUBLIC_KEY } from '../../utils/extension-id';

/** Chrome's rule: SHA-256 of the DER key, first 16 bytes as hex, 0–f mapped to a–p. */
function chromeIdOf(base64Key: string): string {
  const hex = createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode('a'.charCodeAt(0) + parseInt(digit, 16))).join('');
}

describe('fixed extension id', () => {
  it('follows from the committed public key', () => {
    expect(chromeIdOf(EXTENSION_PUBLIC_KEY)).toBe(EXTENSION_ID);
  });

  it('is a public RSA key of at least 2048 bits, never a private one', () => {
    const key = createPublicKey({ key: Buffer.from(EXTENSION_PUBLIC_KEY, 'base64'), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBeGreaterThanOrEqual(2048);
  });

  it('is the id DEPLOY.md gives admins', () => {
    const deploy = readFileSync('docs/DEPLOY.md', 'utf8');
    expect(deploy).toContain(EXTENSION_ID);
  });
});
