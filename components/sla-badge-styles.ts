/**
 * The badge renders inside the content script's shadow root, so it brings its own CSS. Every
 * class is `sf-` prefixed; colours come from custom properties set per colour scheme. Written
 * minified, one rule per line: it ships as is in the content script (budget: 30 KB gzipped).
 */
export const SLA_BADGE_CSS = `
.sf-sla{--sf-fg:#1f2328;--sf-bg:#fff;--sf-border:#d1d9e0;--sf-muted:#59636e;--sf-focus:#0969da;--sf-running-fg:#0550ae;--sf-running-bg:#ddf4ff;--sf-at-risk-fg:#7d4e00;--sf-at-risk-bg:#fff8c5;--sf-breached-fg:#a40e26;--sf-breached-bg:#ffebe9;--sf-met-fg:#116329;--sf-met-bg:#dafbe1;--sf-paused-fg:#59636e;--sf-paused-bg:#eff2f5;position:relative;display:inline-flex;vertical-align:middle;font:500 12px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans","PingFang SC","Microsoft YaHei",Helvetica,Arial,sans-serif}
.sf-sla[data-sf-scheme="dark"]{--sf-fg:#f0f6fc;--sf-bg:#151b23;--sf-border:#3d444d;--sf-muted:#9198a1;--sf-focus:#4493f8;--sf-running-fg:#79c0ff;--sf-running-bg:#0c2d6b;--sf-at-risk-fg:#e3b341;--sf-at-risk-bg:#3b2300;--sf-breached-fg:#ff9492;--sf-breached-bg:#4c0f13;--sf-met-fg:#7ee787;--sf-met-bg:#0f3a1e;--sf-paused-fg:#b7bdc8;--sf-paused-bg:#262c36}
.sf-sla-pill{display:inline-flex;align-items:center;gap:4px;padding:0 8px;min-height:20px;border-radius:999px;border:1px solid transparent;white-space:nowrap;cursor:default;color:var(--sf-state-fg);background:var(--sf-state-bg)}
.sf-sla-pill:focus{outline:none}
.sf-sla-pill:focus-visible{outline:2px solid var(--sf-focus);outline-offset:2px}
.sf-sla-dot{width:6px;height:6px;border-radius:50%;background:currentColor;flex:none}
.sf-sla-running{--sf-state-fg:var(--sf-running-fg);--sf-state-bg:var(--sf-running-bg)}
.sf-sla-at-risk{--sf-state-fg:var(--sf-at-risk-fg);--sf-state-bg:var(--sf-at-risk-bg)}
.sf-sla-breached{--sf-state-fg:var(--sf-breached-fg);--sf-state-bg:var(--sf-breached-bg)}
.sf-sla-met{--sf-state-fg:var(--sf-met-fg);--sf-state-bg:var(--sf-met-bg)}
.sf-sla-paused{--sf-state-fg:var(--sf-paused-fg);--sf-state-bg:var(--sf-paused-bg)}
.sf-sla-popover{position:absolute;top:calc(100% + 6px);left:0;z-index:2147483000;min-width:260px;max-width:360px;padding:8px 12px;border-radius:6px;border:1px solid var(--sf-border);color:var(--sf-fg);background:var(--sf-bg);box-shadow:0 8px 24px rgba(0,0,0,.2);font-weight:400;white-space:normal}
.sf-sla-popover h2{margin:0 0 4px;font-size:12px;font-weight:600}
.sf-sla-popover h3{margin:8px 0 2px;font-size:12px;font-weight:600;display:flex;justify-content:space-between;gap:8px}
.sf-sla-popover dl{display:grid;grid-template-columns:auto 1fr;gap:0 12px;margin:0}
.sf-sla-popover dt{color:var(--sf-muted)}
.sf-sla-popover dd{margin:0}
.sf-sla-popover p{margin:6px 0 0;color:var(--sf-muted)}
.sf-sla-visually-hidden{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.sf-sla-popover::before{content:"";position:absolute;left:0;right:0;top:-7px;height:7px}
.sf-sla-popover--above::before{top:auto;bottom:-7px}
@media (forced-colors:active){.sf-sla-pill{border-color:CanvasText}.sf-sla-dot{forced-color-adjust:none;background:CanvasText}.sf-sla-pill:focus-visible{outline-color:Highlight}.sf-sla-popover{border-color:CanvasText}}
@media (prefers-reduced-motion:no-preference){.sf-sla-pill{transition:background-color .2s}}
`;
