/**
 * Styles for the ticket UI row and the rating widget, shipped as text into the content script's
 * shadow root — written compact (one rule per line, no optional spaces) because every byte
 * lands in the content script injected into each tracker page. Every class starts with `sf-`;
 * colours follow `data-sf-scheme` (the host page's light/dark); the font is the host page's own
 * (inherited through the shadow root), so the widget reads like part of the tracker.
 *
 * Layout: `.sf-ticket-ui` is one inline row (SLA badge, "Rate this service" pill) beside the
 * status chip; the form (`.sf-rating`) floats below the pill, absolutely positioned, so the
 * tracker's header never reflows. `.sf-rating--end` aligns it to the pill's right edge when it
 * would run off the right of the window. While it is open, the SLA badge's popover is placed clear
 * of it (SlaBadge). Stars and controls keep 3:1
 * against the background in both schemes (WCAG 1.4.11); `forced-colors` keeps borders, stars
 * and the focus ring in system colours.
 */
export const RATING_CSS = `.sf-ticket-ui{--sf-fg:#1f2328;--sf-muted:#59636e;--sf-bg:#fff;--sf-border:#d1d9e0;--sf-accent:#0969da;--sf-on-accent:#fff;--sf-star:#818b98;--sf-star-on:#b07d00;--sf-control:#818b98;--sf-error:#d1242f;--sf-ok:#1a7f37;--sf-chip:#f6f8fa;display:inline-flex;align-items:center;gap:6px;font-size:14px;line-height:1.45;color:var(--sf-fg)}
.sf-ticket-ui[data-sf-scheme="dark"]{--sf-fg:#f0f6fc;--sf-muted:#9198a1;--sf-bg:#151b23;--sf-border:#3d444d;--sf-accent:#4493f8;--sf-on-accent:#0d1117;--sf-star:#848d97;--sf-star-on:#e3b341;--sf-control:#848d97;--sf-error:#ff8182;--sf-ok:#3fb950;--sf-chip:#212830}
.sf-rate{position:relative;display:inline-flex}
.sf-rate-pill,.sf-tag,.sf-button{border:1px solid var(--sf-border);background:var(--sf-chip);color:var(--sf-fg);font:inherit;font-size:13px;cursor:pointer}
.sf-rate-pill,.sf-tag{display:inline-flex;align-items:center;gap:4px;padding:0 8px;border-radius:99px}
.sf-rate-pill{font-size:12px;font-weight:500;white-space:nowrap}
.sf-rate-pill:hover,[aria-expanded="true"],.sf-tag--on{border-color:var(--sf-accent)}
.sf-rate-pill--problem,.sf-rating__error,.sf-rating__sync--rejected,.sf-rating__sync--auth{color:var(--sf-error)}
.sf-rating{position:absolute;top:calc(100% + 6px);left:0;z-index:1000;box-sizing:border-box;width:min(360px,100vw - 16px);padding:12px 14px;border:1px solid var(--sf-border);border-radius:8px;background:var(--sf-bg);box-shadow:0 8px 24px #0003;text-align:start;white-space:normal}
.sf-rating--end{left:auto;right:0}
.sf-star,.sf-rating__close,.sf-link-button{padding:0 2px;border:0;background:none;color:var(--sf-star);font:inherit;font-size:26px;line-height:1;cursor:pointer}
.sf-rating__close{position:absolute;top:6px;right:6px;padding:0 6px;color:var(--sf-muted);font-size:18px}
.sf-rating__body>:first-child{margin-top:0;padding-right:24px}
.sf-rating h2{margin:0 0 6px;font-size:15px}
.sf-rating p{margin:4px 0}
.sf-rating__note,.sf-rating__hint,.sf-rating__shortcuts,.sf-rating__counter,.sf-rating__sync{color:var(--sf-muted);font-size:12px}
.sf-stars{display:inline-flex}
.sf-stars--small .sf-star{font-size:18px}
.sf-rate-pill__star,.sf-star--on,.sf-rating__summary-stars{color:var(--sf-star-on)}
.sf-ticket-ui :focus-visible{outline:2px solid var(--sf-accent);outline-offset:1px}
[aria-invalid="true"]{outline:1px dashed var(--sf-error)}
.sf-rating__dimensions{display:grid;grid-template-columns:1fr auto;gap:2px 12px;align-items:center;margin:6px 0}
.sf-rating__dimension{display:contents}
.sf-rating__tags{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0;padding:0;border:0}
.sf-rating legend,.sf-rating label{margin-bottom:4px;font-size:13px;font-weight:600}
.sf-rating .sf-tag{margin:0;padding:2px 10px;font-weight:400}
.sf-rating__comment{display:flex;flex-direction:column}
.sf-rating textarea{min-height:56px;padding:6px 8px;border:1px solid var(--sf-control);border-radius:6px;background:var(--sf-bg);color:inherit;font:inherit;resize:vertical}
.sf-rating__counter{align-self:flex-end}
.sf-rating__actions{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin-top:8px}
.sf-button{padding:4px 12px;border-radius:6px}
.sf-button--primary{border-color:var(--sf-accent);background:var(--sf-accent);color:var(--sf-on-accent);font-weight:600}
.sf-button:disabled{opacity:.6;cursor:progress}
.sf-rating .sf-link-button{color:var(--sf-accent);font-size:13px;text-decoration:underline}
.sf-rating__sync--synced{color:var(--sf-ok)}
.sf-rating__thanks{font-weight:600}
.sf-rating__summary-list{margin:4px 0;padding-left:18px}
.sf-rating__summary-comment{white-space:pre-wrap;overflow-wrap:anywhere}
.sf-rating__reply{margin-top:10px;border-top:1px solid var(--sf-border,#d1d9e0);padding-top:8px}.sf-rating__reply-heading{font-weight:600;margin:0 0 4px}.sf-rating__reply-entry{margin:4px 0}.sf-rating__reply-meta{margin:0;opacity:.75;font-size:12px}.sf-rating__reply-text{margin:2px 0 0;white-space:pre-wrap;overflow-wrap:anywhere}.sf-rating__reply-question{border:0;padding:0;margin:6px 0;display:flex;flex-wrap:wrap;gap:6px}.sf-rating__reply-question textarea{flex-basis:100%;font:inherit}
.sf-improvement{margin:4px 0 8px;color:var(--sf-muted);font-size:12px}.sf-improvement strong{color:var(--sf-fg);font-weight:600}.sf-improvement__text{white-space:pre-wrap;overflow-wrap:anywhere}.sf-improvement__meta{display:block}.sf-improvement__more{padding:0;border:0;background:none;color:var(--sf-accent);font:inherit;text-decoration:underline;cursor:pointer}
.sf-visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (forced-colors:active){.sf-rate-pill,.sf-tag,.sf-button,.sf-rating,.sf-rating textarea{border:1px solid ButtonText}.sf-star{forced-color-adjust:none;color:ButtonText;background:Canvas}.sf-star--on,.sf-rate-pill__star{color:Highlight}.sf-ticket-ui :focus-visible{outline:2px solid Highlight}}`;
