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

export function timeOf(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
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

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
