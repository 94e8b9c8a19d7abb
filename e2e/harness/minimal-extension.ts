/**
 * The least a content script can do that shows what ours shows: one round trip to its worker,
 * then one shadow-root host with a pill after the GitHub status chip. Figures subtract it to
 * tell what Chromium charges any such extension from what our code adds on top.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CONTENT_SCRIPT = `
chrome.runtime.sendMessage({ type: 'page.config' }).then((config) => {
  const status = document.querySelector('[data-testid="header-state"]');
  const [, owner, repo, , number] = location.pathname.split('/');
  if (!status) return;
  const host = document.createElement('sf-ticket');
  host.setAttribute('data-service-feedback', '');
  host.setAttribute('data-sf-key', owner + '/' + repo + '#' + number);
  const pill = document.createElement('span');
  pill.className = 'sf-sla-pill';
  pill.textContent = config.label;
  host.attachShadow({ mode: 'open' }).append(pill);
  status.after(host);
});
`;

const WORKER = `chrome.runtime.onMessage.addListener((message, sender, reply) => { reply({ label: 'On track' }); return true; });`;

/** Writes the minimal extension into `dir` (made if missing) and returns `dir`. */
export function writeMinimalExtension(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const manifest = {
    manifest_version: 3,
    name: 'minimal content script (e2e baseline)',
    version: '1',
    background: { service_worker: 'worker.js' },
    host_permissions: ['https://github.com/*'],
    content_scripts: [{ matches: ['https://github.com/*'], js: ['content.js'], run_at: 'document_idle' }],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'content.js'), CONTENT_SCRIPT);
  writeFileSync(join(dir, 'worker.js'), WORKER);
  return dir;
}
