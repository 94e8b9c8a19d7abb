// Two real servers for detection-health tests (one collecting, one with the default: off) and the
// admin's view of the counts on the Catalogue page.
import { expect } from 'vitest';
import { ADMIN, exampleConfig, startTestServer, type TestServer } from '../helpers';

export async function startHealthServers(): Promise<{ collecting: TestServer; closed: TestServer }> {
  const [collecting, closed] = await Promise.all([startTestServer({ config: { ...exampleConfig(), collectDetectionHealth: true } }), startTestServer()]);
  return { collecting, closed };
}

/** The detection-health section of the Catalogue page, as an admin signed in with the admin token sees it. */
export async function healthSection(target: { url: string }): Promise<string> {
  const login = await fetch(`${target.url}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: ADMIN }).toString(),
    redirect: 'manual',
  });
  const cookie = login.headers.get('Set-Cookie')!.split(';')[0]!;
  const page = await fetch(`${target.url}/catalogue`, { headers: { Cookie: cookie, 'Accept-Language': 'en' } });
  expect(page.status).toBe(200);
  const text = await page.text();
  expect(text).toContain('<main>');
  return text.match(/<section aria-labelledby="health-heading">[\s\S]*?<\/section>/)![0];
}
