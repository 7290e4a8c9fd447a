/** How the demo writes times, dates, sizes and message text. */

const DAY_MS = 86_400_000;

/** Midnight (local) of the day `ms` falls on. */
function dayStart(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** True when both times fall on the same local day. */
export function sameDay(a: number, b: number): boolean {
  return dayStart(a) === dayStart(b);
}

/** The label of a day separator: Today, Yesterday, a weekday within the week, else the full date. */
export function dayLabel(ms: number, now = Date.now()): string {
  const days = Math.round((dayStart(now) - dayStart(ms)) / DAY_MS);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  const d = new Date(ms);
  if (days > 1 && days < 7) return d.toLocaleDateString([], { weekday: 'long' });
  return d.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' });
}

/** A message's time: the clock time today, with the date on older messages. */
export function stamp(ms: number, now = Date.now()): string {
  const time = new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (sameDay(ms, now)) return time;
  const d = new Date(ms);
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  const date = d.toLocaleDateString([], { day: 'numeric', month: 'short', year: sameYear ? undefined : 'numeric' });
  return `${date}, ${time}`;
}

/** The full date and time, for a tooltip. */
export function fullDate(ms: number): string {
  return new Date(ms).toLocaleString([], { dateStyle: 'full', timeStyle: 'short' });
}

/** "last seen" text of someone offline. */
export function lastSeen(ms: number | null, now = Date.now()): string {
  if (!ms) return 'offline';
  const min = Math.floor((now - ms) / 60_000);
  if (min < 1) return 'last seen just now';
  if (min < 60) return `last seen ${min} min ago`;
  return `last seen ${stamp(ms, now)}`;
}

/** A byte count for people: "10 MB", "2.5 KB". */
export function sizeOf(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const text = i === 0 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, '');
  return `${text} ${units[i]}`;
}

/** http(s) links in text; a trailing punctuation mark stays text. */
const LINK = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’”]/gi;

/**
 * Message text as nodes: plain text, and links that open in a new tab without handing it this page
 * (`noopener noreferrer`). Built as DOM nodes, never as HTML.
 */
export function linkified(text: string): Node[] {
  const out: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    const at = m.index;
    if (at > last) out.push(document.createTextNode(text.slice(last, at)));
    const a = document.createElement('a');
    a.href = m[0];
    a.textContent = m[0];
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    out.push(a);
    last = at + m[0].length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}
