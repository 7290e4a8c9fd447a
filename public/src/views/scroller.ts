import { byId, h } from '../dom.js';
import { dayLabel, sameDay } from '../format.js';

/** Within this many pixels of the end, the list counts as at the end. */
const NEAR_END_PX = 80;

/**
 * The message list's scrolling: it stays pinned to the end while the user is there (also while
 * images load and grow the list, and when the view changes size), offers "New messages ↓" when something arrives while the user has
 * scrolled up, and keeps a day separator before the first message of each day.
 */
export class Scroller {
  private readonly list = byId<HTMLOListElement>('message-list');
  private readonly button = byId<HTMLButtonElement>('new-messages');
  private pinned = true;
  private lastTop = 0;
  private daysQueued = false;

  constructor(private readonly nearTop: () => void) {
    this.list.addEventListener('scroll', () => {
      const top = this.list.scrollTop;
      // Only the user scrolling up lets go of the end. A scroll event may also come from the page's own
      // move to the end, read after an image has grown the list further: that is no reason to let go.
      if (top < this.lastTop - 1) this.pinned = this.atEnd();
      else if (this.atEnd()) this.pinned = true;
      this.lastTop = top;
      if (this.pinned) this.button.hidden = true;
      if (top < 40) this.nearTop();
    });
    // Images load after they are placed; load events do not bubble, so listen on the way down.
    this.list.addEventListener(
      'load',
      () => {
        if (this.pinned) this.toEnd();
      },
      true,
    );
    this.button.addEventListener('click', () => {
      this.toEnd();
      this.list.focus();
    });
    // The view changes size (a phone turned, the keyboard, the message box growing), and so do the
    // messages in it (an image decoded, a message drawn again): whichever, the end stays in view.
    const sizes = new ResizeObserver(() => {
      if (this.pinned) this.toEnd();
    });
    sizes.observe(this.list);
    new MutationObserver((changes) => {
      for (const change of changes) {
        for (const node of change.addedNodes) if (node instanceof Element) sizes.observe(node);
        for (const node of change.removedNodes) if (node instanceof Element) sizes.unobserve(node);
      }
    }).observe(this.list, { childList: true });
  }

  /** True when the user is at (or near) the end of the list. */
  get atBottom(): boolean {
    return this.pinned;
  }

  /** Scrolls to the end and stays pinned there. */
  toEnd(): void {
    this.list.scrollTop = this.list.scrollHeight;
    this.lastTop = this.list.scrollTop;
    this.pinned = true;
    this.button.hidden = true;
  }

  /** A new message from someone else arrived at the end: follow it, or offer the button. */
  arrived(): void {
    if (this.pinned) this.toEnd();
    else this.button.hidden = false;
  }

  /** Content was added above what the user sees: keep what they see in place. */
  keepPlace(heightBefore: number): void {
    this.list.scrollTop += this.list.scrollHeight - heightBefore;
    this.lastTop = this.list.scrollTop;
  }

  get height(): number {
    return this.list.scrollHeight;
  }

  /** Starts over for another chat: pinned to the end, no button. */
  reset(): void {
    this.pinned = true;
    this.lastTop = 0;
    this.button.hidden = true;
  }

  /** Puts day separators right (once per task, however many messages were placed). */
  days(): void {
    if (this.daysQueued) return;
    this.daysQueued = true;
    queueMicrotask(() => {
      this.daysQueued = false;
      this.placeDays();
    });
  }

  private placeDays(): void {
    const wasAtEnd = this.pinned;
    for (const el of [...this.list.querySelectorAll('li.day')]) el.remove();
    let prev: number | undefined;
    for (const el of [...this.list.children] as HTMLElement[]) {
      const at = Number(el.dataset.at);
      if (!Number.isFinite(at) || at === 0) continue;
      if (prev === undefined || !sameDay(prev, at))
        el.before(h('li', { class: 'day', role: 'separator', 'data-testid': 'day' }, dayLabel(at)));
      prev = at;
    }
    if (wasAtEnd) this.toEnd();
  }

  private atEnd(): boolean {
    return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < NEAR_END_PX;
  }
}
