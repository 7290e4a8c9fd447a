import type { Message } from '../../client/index.js';
import { byId } from './dom.js';
import type { Store } from './state.js';

/** The page's title as written in the HTML, before any unread count. */
const BASE_TITLE = document.title;

/** The Notification API where the browser has it (not on every phone browser). */
const Notes = (globalThis as { Notification?: typeof Notification }).Notification;

/**
 * What draws the user back: the unread count in the tab's title, and a desktop notification for a
 * message from someone else while the tab is hidden. Permission is asked for only from a click on
 * "Turn on notifications", never on page load.
 */
export class Attention {
  private readonly offerEl = byId('notify-offer');

  constructor(
    private readonly store: Store,
    private readonly open: (conversationId: string) => void,
  ) {
    store.on('conversations', () => this.title());
    byId('notify-enable').addEventListener('click', () => {
      void Notes?.requestPermission().then(() => this.offer());
    });
    this.offer();
    this.title();
  }

  /** A message arrived: tell the user when the tab is hidden and they allowed it. */
  message(m: Message): void {
    if (!Notes || Notes.permission !== 'granted' || document.visibilityState !== 'hidden') return;
    if (m.from === this.store.me.id) return;
    const c = this.store.conv(m.conversationId);
    const from = this.store.nameOf(m.from);
    const title = c.kind === 'group' ? `${from} in ${this.store.title(c)}` : from;
    const body = m.contentType === 'text' ? m.content.slice(0, 140) : m.contentType === 'image' ? 'Image' : 'File';
    const note = new Notes(title, { body, tag: m.conversationId });
    note.addEventListener('click', () => {
      window.focus();
      this.open(m.conversationId);
      note.close();
    });
  }

  /** Forgets the count (logout). */
  clear(): void {
    document.title = BASE_TITLE;
    this.offerEl.hidden = true;
  }

  private title(): void {
    const n = this.store.totalUnread();
    document.title = n > 0 ? `(${n}) ${BASE_TITLE}` : BASE_TITLE;
  }

  private offer(): void {
    this.offerEl.hidden = !Notes || Notes.permission !== 'default';
  }
}
