import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { BUILT_IN_MATCHES, STATIC_TICKET_UI, WATCHER_RUN_AT } from './utils/trackers/built-in-matches';
import { LANGUAGES, loadCatalog } from './utils/i18n/catalog';
import { EXTENSION_PUBLIC_KEY, GECKO_ID } from './utils/extension-id';
import { fileURLToPath } from 'node:url';

const MESSAGE_CLIENT = fileURLToPath(new URL('./platform/message-client.ts', import.meta.url));
const HANDED_MESSAGE_CLIENT = fileURLToPath(new URL('./platform/message-client-handed.ts', import.meta.url));
/** https://v8.dev/blog/explicit-compile-hints: compile every function of the file eagerly. */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';


export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  hooks: {
    // Tracker pages get the browser's own promise-based API (Chrome MV3, Firefox), not
    // webextension-polyfill: the content script only sends messages and reads i18n, which need
    // no wrapping, and the polyfill costs ≈3 KB gzipped and its set-up on every page load.
    'vite:build:extendConfig': (entrypoints, config) => {
      // The ticket UI (entrypoints/ticket-ui/, an unlisted script) is injected into the same pages.
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'content-script' || entrypoint.type === 'unlisted-script')) return;
      const alias = config.resolve?.alias;
      if (!alias || Array.isArray(alias) || !('wxt/browser' in alias)) throw new Error('wxt.config: expected the polyfill module to alias wxt/browser');
      delete (alias as Record<string, string>)['wxt/browser'];
      // The injected ticket UIs (entrypoints/ticket-ui-<tracker>.ts) use the watcher's message
      // client, handed over in the same isolated world, instead of bundling a second copy.
      if (entrypoints.every((entrypoint) => entrypoint.type === 'unlisted-script')) {
        config.plugins = [
          ...(config.plugins ?? []),
          {
            name: 'service-feedback:handed-message-client',
            enforce: 'pre',
            async resolveId(source, importer, options) {
              if (!importer || importer === HANDED_MESSAGE_CLIENT || !source.endsWith('message-client')) return null;
              const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
              return resolved?.id === MESSAGE_CLIENT ? HANDED_MESSAGE_CLIENT : null;
            },
          },
          {
            // V8's explicit compile hint (Chrome 136+; other engines read a comment): nearly every
            // function of a ticket UI runs on its first page, so compiling them all at once spares
            // the lazy pre-parse and re-parse of each: 1.4–1.7 ms of main-thread JS less (of ≈24)
            // on the 500-item issue, in A/B runs of 24 loads each way. Added after minification,
            // which drops comments.
            name: 'service-feedback:compile-hint',
            enforce: 'post',
            generateBundle(_options, bundle) {
              for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk' && chunk.isEntry) chunk.code = `${COMPILE_HINT}\n${chunk.code}`;
            },
          },
        ];
      }
    },
    // Each built-in tracker's ticket UI on its ticket URLs, after the watcher's entry (manifest
    // order is injection order): the watcher takes it from its slot instead of asking the worker.
    'build:manifestGenerated': (_wxt, manifest) => {
      const scripts = (manifest.content_scripts ??= []);
      for (const [tracker, matches] of Object.entries(STATIC_TICKET_UI)) scripts.push({ matches, js: [`ticket-ui-${tracker}.js`], run_at: WATCHER_RUN_AT });
    },
    // One messages.json per language, merged from the per-area files in locales/.
    'build:publicAssets': (wxt, files) => {
      for (const language of LANGUAGES) {
        const catalog = loadCatalog(wxt.config.root, language);
        files.push({ relativeDest: `_locales/${language}/messages.json`, contents: JSON.stringify(catalog) });
      }
    },
  },
  // AMO's "source code" upload (`npm run zip:firefox`): what a reviewer needs to rebuild the
  // add-on, without e2e screenshots and never a private key or local secrets.
  zip: { excludeSources: ['test-results/**', '**/*.pem', '**/*.key', '**/.env*'] },
  vite: () => ({ plugins: [preact()], build: { minify: process.env.SF_NO_MINIFY ? false : undefined } }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // `identity`: company sign-in (identity.launchWebAuthFlow, entrypoints/background/sign-in/).
    // Required, not optional: Firefox does not accept `identity` in optional_permissions (it is
    // not on its list of optional permissions), and Chrome shows no warning for it.
    permissions: ['storage', 'alarms', 'scripting', 'contextMenus', 'activeTab', 'identity'],
    host_permissions: BUILT_IN_MATCHES,
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // Asked only when the person switches on reminders or reply notifications (options page).
    optional_permissions: ['notifications'],
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox'
      ? {}
      : {
          // The public half of the signing key: fixes the extension id (EXTENSION_ID in
          // docs/DEPLOY.md) so browser policies can name it. The private half is never in the repo.
          key: EXTENSION_PUBLIC_KEY,
          // Chrome and Edge check policy values against this before the extension sees them;
          // Firefox takes them from policies.json → 3rdparty and has no schema.
          storage: { managed_schema: 'managed_schema.json' },
        }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // 140 is the first desktop Firefox (and ESR) with built-in data consent, 142 on Android.
            gecko: {
              id: GECKO_ID,
              strict_min_version: '140.0',
              // What reaches the company's backend with each rating: the ticket's URL, key and
              // title, the scores, tags and comment (website content), and, unless the person
              // rates anonymously, their tracker login (personally identifying). The login is
              // required, not optional: it is sent by default, and Firefox leaves optional data
              // off until the extension asks for it.
              data_collection_permissions: { required: ['websiteContent', 'personallyIdentifyingInfo'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
