import { ImError, newClientMsgId, type ImClient, type Limits, type Message } from '../../../client/index.js';
import { byId, errorText, fill, h, notify } from '../dom.js';
import type { Files } from '../files.js';
import { lastSeen, sizeOf } from '../format.js';
import type { Conv, PendingSend, Store } from '../state.js';
import { openChat } from '../storage.js';
import { Composer } from './composer.js';
import { GroupPanel } from './group-panel.js';
import { Lightbox } from './lightbox.js';
import { messageItem, pendingItem, type MessageDeps } from './message.js';
import { Scroller } from './scroller.js';

const PAGE = 30;

/**
 * The open conversation: history paged upwards, live messages, sends with their delivery state,
 * typing, read receipts (both ways), recall, attachments, the header with presence or member count,
 * and the group panel.
 */
export class ChatView {
  current: Conv | null = null;
  private readonly list = byId<HTMLOListElement>('message-list');
  private readonly typingLine = byId('typing');
  private readonly olderButton = byId<HTMLButtonElement>('load-older');
  private readonly items = new Map<string, HTMLLIElement>();
  private readonly group: GroupPanel;
  private readonly composer: Composer;
  private readonly scroller: Scroller;
  private readonly deps: MessageDeps;
  private loadingOlder = false;
  private typingTimer: number | undefined;
  private readTimer: number | undefined;

  constructor(
    private readonly store: Store,
    private readonly client: ImClient,
    files: Files,
    private readonly limits: () => Limits,
    private readonly onClose: () => void,
  ) {
    const lightbox = new Lightbox();
    this.deps = {
      store,
      files,
      recall: (c, m) => this.recall(c, m),
      recallMs: () => limits().recallWindowSec * 1000,
      openImage: (ref, src) => lightbox.open(ref, src),
    };
    this.group = new GroupPanel(client, store, (groupId) => {
      this.close();
      store.dropGroup(groupId);
    });
    this.scroller = new Scroller(() => {
      if (this.current?.hasOlder) void this.loadOlder();
    });
    this.composer = new Composer({
      send: (text) => this.current && void this.send(this.current, 'text', text),
      attach: (file) => this.attach(file),
      typing: () => this.current && this.client.typing(this.current.id).catch(() => undefined),
    });
    store.on('messages', (e) => e.convId === this.current?.id && this.update(e.seq, e.clientMsgId));
    store.on('reads', (e) => e.convId === this.current?.id && this.refreshOwn());
    store.on('typing', (e) => e.convId === this.current?.id && this.renderTyping());
    store.on('friends', () => this.renderHead());
    store.on('conversations', () => this.renderHead());
    this.olderButton.addEventListener('click', () => void this.loadOlder());
    byId('chat-back').addEventListener('click', () => this.close());
    document.addEventListener('visibilitychange', () => this.markReadSoon());
    // Recall buttons disappear when the window has passed; "last seen" ages.
    window.setInterval(() => {
      this.refreshOwn(true);
      this.renderHead();
    }, 10_000);
  }

  async open(c: Conv): Promise<void> {
    this.current = c;
    openChat.set(c.id);
    this.items.clear();
    this.list.replaceChildren();
    this.scroller.reset();
    this.renderHead();
    byId('chat-empty').hidden = true;
    byId('chat-pane').hidden = false;
    document.body.classList.add('chat-open');
    this.group.reset(c.groupId);
    this.renderTyping();
    for (const m of [...c.messages.values()].sort((a, b) => a.seq - b.seq)) this.insert(m);
    for (const p of c.pending.values()) this.placePending(p);
    this.scroller.days();
    this.olderButton.hidden = !c.hasOlder;
    this.scroller.toEnd();
    this.composer.focus();
    if (!c.historyLoaded) await this.loadHistory(c);
    this.markReadSoon();
  }

  close(): void {
    this.current = null;
    openChat.set(null);
    byId('chat-pane').hidden = true;
    byId('chat-empty').hidden = false;
    document.body.classList.remove('chat-open');
    this.onClose();
  }

  /** A group's members changed: the open panel reloads them. */
  groupChanged(groupId: string): void {
    if (this.current?.groupId === groupId) this.group.refresh();
  }

  /** Title, and presence (direct) or member count (group), of the open chat. */
  private renderHead(): void {
    const c = this.current;
    if (!c) return;
    byId('chat-title').textContent = this.store.title(c);
    let sub = '';
    if (c.groupId) {
      const n = this.store.groups.get(c.groupId)?.memberCount;
      if (n !== undefined) sub = n === 1 ? '1 member' : `${n} members`;
      this.group.sync();
    } else if (c.peerId) {
      const f = this.store.friends.get(c.peerId);
      sub = !f ? 'not a friend' : f.online ? 'online' : lastSeen(f.lastSeen);
    }
    byId('chat-subtitle').textContent = sub;
  }

  private async loadHistory(c: Conv): Promise<void> {
    try {
      const { messages } = await this.client.api.history(c.id, { limit: PAGE });
      c.historyLoaded = true;
      const known = c.messages.size > 0 ? Math.min(...c.messages.keys()) : Infinity;
      c.hasOlder = messages.length === PAGE && messages[0]!.seq > 1 && known > 1;
      this.addAll(c, messages);
      if (this.current === c) {
        this.olderButton.hidden = !c.hasOlder;
        this.scroller.toEnd();
      }
    } catch (err) {
      notify(`Could not load messages: ${errorText(err)}`);
    }
  }

  private async loadOlder(): Promise<void> {
    const c = this.current;
    if (!c || this.loadingOlder || !c.hasOlder || c.messages.size === 0) return;
    this.loadingOlder = true;
    this.olderButton.disabled = true;
    try {
      const before = Math.min(...c.messages.keys());
      const { messages } = await this.client.api.history(c.id, { before, limit: PAGE });
      c.hasOlder = messages.length === PAGE && messages[0]!.seq > 1;
      const height = this.scroller.height;
      this.addAll(c, messages);
      if (this.current === c) this.scroller.keepPlace(height);
      this.olderButton.hidden = !c.hasOlder;
    } catch (err) {
      notify(`Could not load older messages: ${errorText(err)}`);
    } finally {
      this.loadingOlder = false;
      this.olderButton.disabled = false;
    }
  }

  private addAll(c: Conv, messages: Message[]): void {
    for (const m of messages) {
      this.client.markSeen(m.conversationId, m.seq);
      this.store.addMessage(m, { viewing: true });
    }
  }

  /** Sends a message, showing it as "sending…" until the server gives it a seq. */
  async send(c: Conv, contentType: string, content: string, clientMsgId = newClientMsgId()): Promise<void> {
    const to = c.groupId ?? c.peerId;
    if (!to) return;
    const p: PendingSend = { clientMsgId, contentType, content, createdAt: Date.now(), status: 'sending' };
    this.store.setPending(c.id, p);
    try {
      const ack = await this.client.send({ kind: c.kind, to, contentType, content, clientMsgId });
      this.store.addMessage(
        {
          conversationId: ack.conversationId,
          seq: ack.seq,
          kind: c.kind,
          from: this.store.me.id,
          to,
          fromDevice: this.client.session?.deviceId ?? '',
          clientMsgId,
          contentType,
          content,
          createdAt: ack.createdAt,
        },
        { viewing: true },
      );
      this.store.dropPending(c.id, clientMsgId);
    } catch (err) {
      this.store.setPending(c.id, {
        ...p,
        status: 'failed',
        error: errorText(err),
        retry: retryable(err) ? () => void this.send(c, contentType, content, clientMsgId) : undefined,
      });
    }
  }

  /** Refuses a file over the gateway's limit before any byte is sent; uploads the others. */
  private attach(file: File): void {
    const c = this.current;
    if (!c) return;
    const max = this.limits().maxUploadBytes;
    if (file.size > max) {
      notify(`“${file.name}” is ${sizeOf(file.size)}: files can be at most ${sizeOf(max)}.`);
      return;
    }
    void this.upload(c, file);
  }

  private async upload(c: Conv, file: File): Promise<void> {
    const clientMsgId = newClientMsgId();
    const p: PendingSend = {
      clientMsgId,
      contentType: 'upload',
      content: file.name,
      createdAt: Date.now(),
      status: 'sending',
    };
    this.store.setPending(c.id, p);
    try {
      const up = await this.client.api.uploadFile(file, file.name);
      await this.send(c, up.contentType.startsWith('image/') ? 'image' : 'file', JSON.stringify(up), clientMsgId);
    } catch (err) {
      this.store.setPending(c.id, {
        ...p,
        status: 'failed',
        error: errorText(err),
        retry: retryable(err)
          ? () => {
              this.store.dropPending(c.id, clientMsgId);
              void this.upload(c, file);
            }
          : undefined,
      });
    }
  }

  private async recall(c: Conv, m: Message): Promise<void> {
    if (Date.now() - m.createdAt > this.deps.recallMs()) throw new Error('the recall window has passed');
    await this.client.recall(c.id, m.seq);
    this.store.recall(c.id, m.seq);
  }

  /** Marks the open conversation read when the page is visible and something from others is unread. */
  markReadSoon(): void {
    clearTimeout(this.readTimer);
    this.readTimer = window.setTimeout(() => {
      const c = this.current;
      if (!c || document.visibilityState !== 'visible' || c.lastSeq <= c.readSeq) return;
      const seq = c.lastSeq;
      this.store.read(c.id, this.store.me.id, seq);
      this.client.markRead(c.id, seq).catch(() => undefined);
    }, 200);
  }

  private update(seq?: number, clientMsgId?: string): void {
    const c = this.current;
    if (!c) return;
    if (seq !== undefined) {
      const m = c.messages.get(seq);
      if (m) {
        const fresh = this.insert(m);
        const mine = m.from === this.store.me.id;
        if (fresh && m.seq === c.lastSeq) {
          if (mine) this.scroller.toEnd();
          else this.scroller.arrived();
        }
        if (!mine) this.markReadSoon();
      }
    }
    if (clientMsgId !== undefined) {
      const p = c.pending.get(clientMsgId);
      const el = this.items.get(`p${clientMsgId}`);
      if (!p) {
        el?.remove();
        this.items.delete(`p${clientMsgId}`);
      } else {
        this.placePending(p);
        this.scroller.toEnd();
      }
    }
    this.scroller.days();
    this.renderTyping();
  }

  /** Puts a delivered message in seq order (replacing its old rendering); true when it is new on screen. */
  private insert(m: Message): boolean {
    const c = this.current!;
    const el = messageItem(this.deps, c, m);
    const key = `s${m.seq}`;
    const old = this.items.get(key);
    this.items.set(key, el);
    if (old) {
      old.replaceWith(el);
      return false;
    }
    let next: Element | null = null;
    for (const child of this.list.children) {
      const s = (child as HTMLElement).dataset.seq;
      if (child.classList.contains('pending') || (s !== undefined && Number(s) > m.seq)) {
        next = child;
        break;
      }
    }
    // A day separator right before the next message belongs to that message.
    if (next?.previousElementSibling?.classList.contains('day')) next = next.previousElementSibling;
    this.list.insertBefore(el, next);
    return true;
  }

  private placePending(p: PendingSend): void {
    const key = `p${p.clientMsgId}`;
    const el = pendingItem(this.deps, p);
    const old = this.items.get(key);
    this.items.set(key, el);
    if (old) old.replaceWith(el);
    else this.list.append(el);
  }

  /** Re-renders the user's own messages (read receipts changed, or recall windows ran out). */
  private refreshOwn(onlyRecallable = false): void {
    const c = this.current;
    if (!c) return;
    for (const m of c.messages.values()) {
      if (m.from !== this.store.me.id) continue;
      const el = this.items.get(`s${m.seq}`);
      if (!el) continue;
      if (onlyRecallable && !el.querySelector('.recall')) continue;
      this.insert(m);
    }
  }

  private renderTyping(): void {
    const c = this.current;
    clearTimeout(this.typingTimer);
    if (!c) return fill(this.typingLine);
    const now = Date.now();
    const who = [...c.typing].filter(([, until]) => until > now).map(([id]) => this.store.nameOf(id));
    fill(
      this.typingLine,
      who.length ? h('span', {}, `${who.join(', ')} ${who.length > 1 ? 'are' : 'is'} typing…`) : '',
    );
    if (who.length) this.typingTimer = window.setTimeout(() => this.renderTyping(), 500);
  }
}

/** Whether trying a failed send or upload again can succeed (not for a refusal such as "too large"). */
function retryable(err: unknown): boolean {
  return !(err instanceof ImError) || err.retryable;
}
