/**
 * Built-in trackers are matched statically; every other origin is an optional host permission
 * the user grants from the options page (least privilege).
 */
export const BUILT_IN_MATCHES = ['https://*.atlassian.net/*', 'https://github.com/*', 'https://gitlab.com/*'];
