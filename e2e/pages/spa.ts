/**
 * A single-page app shell like GitHub's and Jira's: links marked `data-spa` navigate with
 * `history.pushState` and swap the view without a page load; Back/Forward (`popstate`) too.
 * How the view changes is chosen per link, because real apps do all three:
 *  - `replace`: the whole view is thrown away and rendered anew (React route change);
 *  - `in-place`: the same elements are kept and only their text/attributes change
 *    (React reconciling issue 11 into issue 12: the status element survives);
 *  - `keep-hidden`: the old view stays in the DOM, hidden, and the new one is added (cached routes).
 * Views are the server-rendered HTML of each route, so no page data is built in script.
 */
import { document, text } from './html';

export interface SpaRoute {
  path: string;
  /** Link text in the app's navigation bar. */
  label: string;
  html: string;
  mode: 'replace' | 'in-place' | 'keep-hidden';
}

/** Runs in the page: the router. Only ever moves server-rendered templates around. */
const ROUTER = `
(() => {
  const app = document.getElementById('app');
  const template = (path) => document.querySelector('template[data-path="' + CSS.escape(path) + '"]');
  const modeOf = (path) => template(path)?.dataset.mode ?? 'replace';
  const fresh = (path) => template(path).content.cloneNode(true);

  // Copies text and attributes of "next" onto "current" wherever the trees line up.
  function morph(current, next) {
    if (current.nodeType === Node.TEXT_NODE) { if (current.data !== next.data) current.data = next.data; return; }
    if (current.nodeType !== Node.ELEMENT_NODE) return;
    for (const { name } of [...current.attributes]) if (!next.hasAttribute(name)) current.removeAttribute(name);
    for (const { name, value } of [...next.attributes]) if (current.getAttribute(name) !== value) current.setAttribute(name, value);
    // Foreign elements (e.g. an extension's widget host) are not ours to morph: skip them.
    const own = (node) => !(node.nodeType === Node.ELEMENT_NODE && node.hasAttribute('data-service-feedback'));
    const kids = [...current.childNodes].filter(own);
    const nextKids = [...next.childNodes];
    nextKids.forEach((child, index) => {
      if (kids[index] && kids[index].nodeName === child.nodeName) morph(kids[index], child);
      else if (kids[index]) kids[index].replaceWith(child.cloneNode(true));
      else current.appendChild(child.cloneNode(true));
    });
    kids.slice(nextKids.length).forEach((child) => child.remove());
  }

  function show(path) {
    const mode = modeOf(path);
    const visible = [...app.children].find((view) => !view.hidden);
    const kept = [...app.children].find((view) => view.dataset.path === path);
    if (kept && kept !== visible) {
      // A cached route comes back (Back to a kept view).
      for (const view of app.children) view.hidden = view !== kept;
      return;
    }
    const wrapper = document.createElement('div');
    wrapper.dataset.path = path;
    wrapper.appendChild(fresh(path));
    if (mode === 'in-place' && visible) {
      morph(visible, wrapper);
      visible.dataset.path = path;
    } else if (mode === 'keep-hidden' && visible) {
      visible.hidden = true;
      app.appendChild(wrapper);
    } else {
      app.replaceChildren(wrapper);
    }
  }

  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-spa]');
    if (!link) return;
    event.preventDefault();
    history.pushState({}, '', link.getAttribute('href'));
    show(location.pathname);
  });
  addEventListener('popstate', () => show(location.pathname));
  show(location.pathname);

  /**
   * For the latency figure: navigates like a link click and resolves with the milliseconds from
   * inserting the new view (with the ticket's status element) to the first layout in which the
   * badge (\`.sf-sla-pill\` in the host's open shadow root, host marked with \`key\`) has a size:
   * ResizeObserver callbacks run right after layout, before that frame is painted.
   */
  window.__sfMeasureNavigation = (path, key, timeoutMs) => new Promise((resolve) => {
    const hostSelector = '[data-service-feedback][data-sf-key="' + CSS.escape(key) + '"]';
    const observers = [];
    let settled = false;
    const finish = (ms) => {
      if (settled) return;
      settled = true;
      observers.forEach((observer) => observer.disconnect());
      clearTimeout(timer);
      resolve(ms);
    };
    const sizes = new ResizeObserver((entries) => {
      if (entries.some((entry) => entry.contentRect.width > 0 && entry.contentRect.height > 0)) finish(performance.now() - inserted);
    });
    observers.push(sizes);
    let host, pill;
    const watchBadge = () => {
      const found = host && host.shadowRoot && host.shadowRoot.querySelector('.sf-sla-pill');
      if (found && found !== pill) { pill = found; sizes.observe(pill); }
    };
    const watchHost = () => {
      const found = document.querySelector(hostSelector);
      if (!found || found === host) return;
      host = found;
      if (host.shadowRoot) {
        const inside = new MutationObserver(watchBadge);
        inside.observe(host.shadowRoot, { childList: true, subtree: true });
        observers.push(inside);
      }
      watchBadge();
    };
    const outside = new MutationObserver(watchHost);
    observers.push(outside);
    const timer = setTimeout(() => finish(null), timeoutMs);
    outside.observe(document.body, { childList: true, subtree: true });
    history.pushState({}, '', path);
    show(path);
    const inserted = performance.now();
    watchHost();
  });
})();`;

/** The same shell for every route (what the server answers for a deep link). */
export function spaShell(options: { title: string; head?: string; htmlAttributes?: string; routes: SpaRoute[] }): string {
  const nav = options.routes.map((route) => `<a data-spa href="${text(route.path)}">${text(route.label)}</a>`).join(' · ');
  const templates = options.routes
    .map((route) => `<template data-path="${text(route.path)}" data-mode="${route.mode}">${route.html}</template>`)
    .join('\n');
  return document({
    title: options.title,
    head: options.head,
    htmlAttributes: options.htmlAttributes,
    body: `<nav id="spa-nav">${nav}</nav>${templates}<div id="app"></div><script>${ROUTER}</script>`,
  });
}
