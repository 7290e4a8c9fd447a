/** Tiny DOM helpers: elements are built with properties and text nodes, never from HTML strings. */

type Attrs = Record<string, string | number | boolean | undefined | null | ((ev: Event) => void)>;
type Child = Node | string | number | null | undefined | false;

/** Creates an element; `on<event>` attributes become listeners, `false`/`null` ones are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
}

/** The element with `id`, typed; throws when the page lacks it (a programming error). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

export function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}

/** A short message shown to the user in the page's alert region. */
export function notify(text: string): void {
  const region = document.getElementById('notice');
  if (!region) return;
  region.textContent = text;
  region.hidden = false;
  clearTimeout((region as { timer?: number } & HTMLElement).timer);
  (region as { timer?: number } & HTMLElement).timer = window.setTimeout(() => (region.hidden = true), 6000);
}

/** `text` as a sentence on its own: a capital first letter and a full stop. */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  return `${t[0]!.toUpperCase()}${t.slice(1)}${/[.!?…]$/.test(t) ? '' : '.'}`;
}

/** What went wrong, in words a person reads: the gateway's message, or what a client-side failure means. */
export function errorText(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'network') return 'the server cannot be reached; check the connection and try again';
  if (code === 'timeout') return 'the server did not answer in time; try again';
  if (code === 'rate_limited') return 'too many requests; wait a moment and try again';
  if (code === 'unavailable') return 'the server is busy; try again shortly';
  return err instanceof Error ? err.message : String(err);
}
