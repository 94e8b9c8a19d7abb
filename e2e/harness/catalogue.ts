/**
 * The admin's side of the catalogue against a scenario's real backend: push selector overrides as
 * a new catalogue version through `PUT /v1/admin/catalogue`, and read the Catalogue page's
 * detection-health table as a signed-in admin sees it.
 */
import { readFileSync } from 'node:fs';
import { EXAMPLE_CONFIG, type Backend } from './backend';

function adminToken(): string {
  const token = (JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as { tokens?: { admin?: string } }).tokens?.admin;
  if (!token) throw new Error(`${EXAMPLE_CONFIG} has no tokens.admin`);
  return token;
}

/** Saves the running catalogue again with `selectorOverrides` set; resolves with the new version. */
export async function pushSelectorOverrides(backend: Backend, selectorOverrides: Record<string, Record<string, string[]>>, note: string): Promise<number> {
  const headers = { authorization: `Bearer ${adminToken()}`, 'content-type': 'application/json' };
  const current = (await (await fetch(`${backend.url}/v1/admin/catalogue`, { headers })).json()) as { version: number; catalogue: Record<string, unknown> };
  const saved = await fetch(`${backend.url}/v1/admin/catalogue`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ catalogue: { ...current.catalogue, selectorOverrides }, basedOn: current.version, note }),
  });
  const text = await saved.text();
  if (saved.status !== 201) throw new Error(`PUT /v1/admin/catalogue answered ${saved.status}: ${text}`);
  return (JSON.parse(text) as { version: number }).version;
}

/** The detection-health section of the Catalogue page (HTML), signed in with the admin token. */
export async function catalogueHealthSection(backend: Backend): Promise<string> {
  const login = await fetch(`${backend.url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: adminToken() }).toString(),
    redirect: 'manual',
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`admin sign-in answered ${login.status} without a session`);
  const page = await fetch(`${backend.url}/catalogue`, { headers: { cookie, 'accept-language': 'en' } });
  const text = await page.text();
  const section = /<section aria-labelledby="health-heading">[\s\S]*?<\/section>/.exec(text)?.[0];
  if (page.status !== 200 || !section) throw new Error(`the Catalogue page (${page.status}) has no detection-health section`);
  return section;
}
