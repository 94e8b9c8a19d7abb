/**
 * Which colour scheme the host page is in, for the SLA badge's `colorScheme` prop. GitHub sets
 * `data-color-mode` (light | dark | auto) on <html>, with `data-light-theme`/`data-dark-theme`
 * naming the themes; everything else follows the system preference.
 */
export type ColorScheme = 'light' | 'dark';

export function systemColorScheme(view: { matchMedia?: (query: string) => MediaQueryList } | undefined = globalThis): ColorScheme {
  try {
    return view?.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  } catch {
    return 'light';
  }
}

export function pageColorScheme(doc: Document): ColorScheme {
  const root = doc.documentElement;
  const mode = root.getAttribute('data-color-mode');
  const system = systemColorScheme(doc.defaultView ?? undefined);
  if (mode === 'light' || mode === 'dark') return mode;
  if (mode === 'auto') {
    // In auto mode GitHub picks the dark theme at night; a "dark" theme name never means light.
    const theme = root.getAttribute(system === 'dark' ? 'data-dark-theme' : 'data-light-theme') ?? '';
    if (theme.startsWith('dark')) return 'dark';
    if (theme.startsWith('light')) return 'light';
  }
  return system;
}
