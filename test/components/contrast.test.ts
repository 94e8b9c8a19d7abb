/**
 * WCAG 2.2 1.4.11 (non-text contrast): the stars' chosen and unchosen states and the borders that
 * show where a field is must reach 3:1 against the background they sit on, in light and dark,
 * in the ticket-page widget (shadow-root CSS) and in the popup. Colours are read from the shipped
 * CSS itself, so changing a custom property to a faint value fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RATING_CSS } from '../../components/rating-widget-styles';
import { SLA_BADGE_CSS } from '../../components/sla-badge-styles';

/** WCAG relative luminance and contrast ratio of two `#rrggbb` colours (`#rgb` is expanded first). */
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
const contrast = (a: string, b: string) => {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
};

/** The custom properties declared in the first rule whose selector is `selector`. */
function variables(css: string, selector: string): Record<string, string> {
  const start = css.indexOf(`${selector}{`) >= 0 ? css.indexOf(`${selector}{`) : css.indexOf(`${selector} {`);
  expect(start, `rule ${selector}`).toBeGreaterThanOrEqual(0);
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  const long = (hex: string) => (hex.length === 4 ? `#${[...hex.slice(1)].map((digit) => digit + digit).join('')}` : hex);
  return Object.fromEntries([...body.matchAll(/(--sf-[\w-]+)\s*:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b/g)].map((match) => [match[1]!, long(match[2]!)]));
}

describe('non-text contrast ≥ 3:1', () => {
  const widget = { light: variables(RATING_CSS, '.sf-ticket-ui'), dark: { ...variables(RATING_CSS, '.sf-ticket-ui'), ...variables(RATING_CSS, '.sf-ticket-ui[data-sf-scheme="dark"]') } };
  const popupCss = readFileSync(new URL('../../entrypoints/popup/style.css', import.meta.url), 'utf8');
  const popupDark = popupCss.slice(popupCss.indexOf('@media (prefers-color-scheme: dark)'));
  const popup = { light: variables(popupCss, ':root'), dark: variables(popupDark, ':root') };

  for (const [where, schemes] of Object.entries({ 'ticket-page widget': widget, popup })) {
    for (const [scheme, vars] of Object.entries(schemes)) {
      it(`${where}, ${scheme}: unchosen and chosen stars against the background`, () => {
        expect(contrast(vars['--sf-star']!, vars['--sf-bg']!)).toBeGreaterThanOrEqual(3);
        expect(contrast(vars['--sf-star-on']!, vars['--sf-bg']!)).toBeGreaterThanOrEqual(3);
      });
    }
  }

  it('ticket-page widget: the comment field border, light and dark', () => {
    expect(RATING_CSS).toMatch(/\.sf-rating textarea\{[^}]*border:1px solid var\(--sf-control\)/);
    for (const vars of [widget.light, widget.dark]) expect(contrast(vars['--sf-control']!, vars['--sf-bg']!)).toBeGreaterThanOrEqual(3);
  });
});

describe('forced colours (Windows high contrast)', () => {
  const forced = (css: string) => css.slice(css.indexOf('@media (forced-colors:active)'));
  it('keeps the stars, pill and focus ring in system colours in the widget', () => {
    const rules = forced(RATING_CSS);
    expect(rules).toMatch(/\.sf-star\{forced-color-adjust:none;color:ButtonText/);
    expect(rules).toMatch(/\.sf-star--on[^{]*\{color:Highlight\}/);
    expect(rules).toMatch(/\.sf-rate-pill[^{]*\{border:1px solid ButtonText\}/);
    expect(rules).toMatch(/:focus-visible\{outline:2px solid Highlight\}/);
  });
  it('keeps the SLA pill outlined and its dot drawn', () => {
    const rules = forced(SLA_BADGE_CSS);
    expect(rules).toMatch(/\.sf-sla-pill\{border-color:CanvasText\}/);
    expect(rules).toMatch(/\.sf-sla-dot\{forced-color-adjust:none;background:CanvasText\}/);
  });
});
