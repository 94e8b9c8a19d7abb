/**
 * Styles for the rating widget, shipped as text into the content script's shadow root.
 * Every class starts with `sf-`; colours follow `data-sf-scheme` (the host page's light/dark).
 */
export const RATING_CSS = `
.sf-ticket-ui { --sf-fg: #1f2328; --sf-muted: #59636e; --sf-bg: #ffffff; --sf-border: #d1d9e0; --sf-accent: #2563eb;
  --sf-accent-fg: #ffffff; --sf-star: #d1d9e0; --sf-star-on: #f5a524; --sf-error: #b42318; --sf-chip: #f3f4f6;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--sf-fg);
  display: flex; flex-direction: column; gap: 8px; }
.sf-ticket-ui[data-sf-scheme="dark"] { --sf-fg: #e6edf3; --sf-muted: #9198a1; --sf-bg: #0d1117; --sf-border: #3d444d;
  --sf-accent: #4493f8; --sf-accent-fg: #0d1117; --sf-star: #3d444d; --sf-star-on: #f5b83d; --sf-error: #ff8182; --sf-chip: #151b23; }
.sf-rating { background: var(--sf-bg); border: 1px solid var(--sf-border); border-radius: 8px; padding: 12px 14px; max-width: 520px; }
.sf-rating--collapsed, .sf-rating--note { padding: 6px 10px; }
.sf-rating__heading { font-size: 15px; font-weight: 600; margin: 0 0 6px; }
.sf-rating__note, .sf-rating__hint, .sf-rating__shortcuts, .sf-rating__counter, .sf-rating__sync { color: var(--sf-muted); font-size: 12px; }
.sf-rating p { margin: 4px 0; }
.sf-stars { display: inline-flex; gap: 2px; }
.sf-star { background: none; border: 0; padding: 0 2px; cursor: pointer; color: var(--sf-star); font-size: 26px; line-height: 1; border-radius: 4px; }
.sf-stars--small .sf-star { font-size: 18px; }
.sf-star--on { color: var(--sf-star-on); }
.sf-star:focus-visible, .sf-button:focus-visible, .sf-link-button:focus-visible, .sf-tag:focus-within, .sf-rating textarea:focus-visible {
  outline: 2px solid var(--sf-accent); outline-offset: 2px; }
.sf-stars[aria-invalid="true"] { outline: 1px dashed var(--sf-error); border-radius: 4px; }
.sf-rating__dimensions { display: grid; grid-template-columns: max-content max-content; gap: 2px 12px; align-items: center; margin: 6px 0; }
.sf-rating__dimension { display: contents; }
.sf-rating__tags { border: 0; margin: 6px 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
.sf-rating__tags legend { padding: 0; margin-bottom: 4px; font-weight: 600; font-size: 13px; }
.sf-tag { display: inline-flex; align-items: center; gap: 4px; border: 1px solid var(--sf-border); background: var(--sf-chip);
  border-radius: 999px; padding: 2px 10px; cursor: pointer; font-size: 13px; }
.sf-tag input { margin: 0; }
.sf-tag--on { border-color: var(--sf-accent); }
.sf-rating__comment { display: flex; flex-direction: column; gap: 4px; }
.sf-rating__comment label { font-size: 13px; font-weight: 600; }
.sf-rating textarea { font: inherit; color: var(--sf-fg); background: var(--sf-bg); border: 1px solid var(--sf-border); border-radius: 6px;
  padding: 6px 8px; resize: vertical; min-height: 56px; }
.sf-rating__counter { align-self: flex-end; }
.sf-rating__actions { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-top: 8px; }
.sf-button { font: inherit; font-size: 13px; border: 1px solid var(--sf-border); background: var(--sf-chip); color: var(--sf-fg);
  border-radius: 6px; padding: 4px 12px; cursor: pointer; }
.sf-button--primary { background: var(--sf-accent); border-color: var(--sf-accent); color: var(--sf-accent-fg); font-weight: 600; }
.sf-button:disabled { opacity: 0.6; cursor: progress; }
.sf-link-button { font: inherit; font-size: 13px; background: none; border: 0; padding: 0; color: var(--sf-accent); cursor: pointer; text-decoration: underline; }
.sf-rating__error { color: var(--sf-error); font-size: 13px; }
.sf-rating__thanks { font-weight: 600; }
.sf-rating__summary-stars { color: var(--sf-star-on); letter-spacing: 1px; }
.sf-rating__summary-list { margin: 4px 0; padding-left: 18px; }
.sf-rating__summary-comment { white-space: pre-wrap; overflow-wrap: anywhere; }
.sf-rating__sync--rejected, .sf-rating__sync--auth { color: var(--sf-error); }
.sf-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
