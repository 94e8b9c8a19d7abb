/**
 * A throw-away self-signed certificate for the tracker host names, made with the system openssl
 * at run time (nothing secret is ever committed). Chromium accepts it through `ignoreHTTPSErrors`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Certificate {
  key: Buffer;
  cert: Buffer;
}

export function makeCertificate(dir: string, hostNames: readonly string[]): Certificate {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  const subjectAltName = hostNames.map((name) => `DNS:${name}`).join(',');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath,
        '-subj', `/CN=${hostNames[0]}`, '-addext', `subjectAltName=${subjectAltName}`, '-days', '2'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl could not make the test certificate: ${stderr || String(error)}`);
  }
  return { key: readFileSync(keyPath), cert: readFileSync(certPath) };
}
