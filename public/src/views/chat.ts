import { newClientMsgId, type ImClient, type Message } from '../../../client/index.js';
import { byId, errorText, fill, h, notify } from '../dom.js';
import type { Files } from '../files.js';
import type { Conv, PendingSend, Store } from '../state.js';
import { messageItem, pendingItem, RECALL_MS, type MessageDeps } from './message.js';
import { MemberList } from './members.js';

const PAGE = 30;
/** Send a typing signal at most this often while the user types. */
const TYPING_EVERY_MS = 2500;

/**
 * The open conversation: history paged upwards, live messages, sends with their delivery state,
 * typing, read receipts (both ways), recall and attachments.
 */
export class ChatView {
  current: Conv | null = null;
  private readonly list = byId<HTMLOListElement>('message-list');
  private readonly typingLine = byId('typing');
  private readonly olderButton = byId<HTMLButtonElement>('load-older');
  private readonly input = byId<HTMLInputElement>('composer-input');
  private readonly items = new Map<string, HTMLLIElement>();
  private readonly members: MemberList;
  private readonly deps: MessageDeps;
  private loadingOlder = false;
  private lastTypingSent = 0;
  private typingTimer: number | undefined;
  private readTimer: number | undefined;

  constructor(
    private readonly store: Store,
    private readonly client: ImClient,
    files: Files,
    private readonly onClose: () => void,
  ) {
    this.deps = { store, files, recall: (c, m) => this.recall(c, m) };
    this.members = new MemberList(client, store);
    store.on('messages', (e) => e.convId === this.current?.id && this.update(e.seq, e.clientMsgId));
    store.on('reads', (e) => e.convId === this.current?.id && this.refreshOwn());
    store.on('typing', (e) => e.convId === this.current?.id && this.renderTyping());
    this.olderButton.addEventListener('click', () => void this.loadOlder());
    this.list.addEventListener('scroll', () => {
      if (this.list.scrollTop < 40 && this.current?.hasOlder) void this.loadOlder();
    });
    byId('composer').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const text = this.input.value.trim();
      if (!text || !this.current) return;
      this.input.value = '';
      // The next keystroke is new typing, worth telling the others about at once.
      this.lastTypingSent = 0;
      void this.send(this.current, 'text', text);
    });
    this.input.addEventListener('input', () => this.typed());
    const file = byId<HTMLInputElement>('file-input');
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      file.value = '';
      if (f && this.current) void this.upload(this.current, f);
    });
    byId('chat-back').addEventListener('click', () => this.close());
    document.addEventListener('visibilitychange', () => this.markReadSoon());
    // Recall buttons disappear when the window has passed.
    window.setInterval(() => this.refreshOwn(true), 10_000);
  }

  async open(c: Conv): Promise<void> {
    this.current = c;
    this.items.clear();
    this.list.replaceChildren();
    byId('chat-title').textContent = this.store.title(c);
    byId('chat-empty').hidden = true;
    byId('chat-pane').hidden = false;
    document.body.classList.add('chat-open');
    this.members.reset(c.groupId);
    this.renderTyping();
    for (const m of [...c.messages.values()].sort((a, b) => a.seq - b.seq)) this.insert(m);
    for (const p of c.pending.values()) this.placePending(p);
    this.olderButton.hidden = !c.hasOlder;
    this.scrollToEnd();
    this.input.focus();
    if (!c.historyLoaded) await this.loadHistory(c);
    this.markReadSoon();
  }

  close(): void {
    this.current = null;
    byId('chat-pane').hidden = true;
    byId('chat-empty').hidden = false;
    document.body.classList.remove('chat-open');
    this.onClose();
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
        this.scrollToEnd();
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
      const height = this.list.scrollHeight;
      this.addAll(c, messages);
      if (this.current === c) this.list.scrollTop += this.list.scrollHeight - height;
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
      const session = this.client.session;
      this.store.addMessage(
        {
          conversationId: ack.conversationId,
          seq: ack.seq,
          kind: c.kind,
          from: this.store.me.id,
          to,
          fromDevice: session?.deviceId ?? '',
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
        retry: () => void this.send(c, contentType, content, clientMsgId),
      });
    }
  }

  private async upload(c: Conv, file: File): Promise<void> {
    const clientMsgId = newClientMsgId();
    this.store.setPending(c.id, {
      clientMsgId,
      contentType: 'upload',
      content: file.name,
      createdAt: Date.now(),
      status: 'sending',
    });
    try {
      const up = await this.client.api.uploadFile(file, file.name);
      await this.send(c, up.contentType.startsWith('image/') ? 'image' : 'file', JSON.stringify(up), clientMsgId);
    } catch (err) {
      this.store.setPending(c.id, {
        clientMsgId,
        contentType: 'upload',
        content: file.name,
        createdAt: Date.now(),
        status: 'failed',
        error: errorText(err),
        retry: () => {
          this.store.dropPending(c.id, clientMsgId);
          void this.upload(c, file);
        },
      });
    }
  }

  private async recall(c: Conv, m: Message): Promise<void> {
    if (Date.now() - m.createdAt > RECALL_MS) throw new Error('the recall window has passed');
    await this.client.recall(c.id, m.seq);
    this.store.recall(c.id, m.seq);
  }

  private typed(): void {
    const c = this.current;
    if (!c || Date.now() - this.lastTypingSent < TYPING_EVERY_MS || !this.input.value) return;
    this.lastTypingSent = Date.now();
    this.client.typing(c.id).catch(() => undefined);
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
        const nearEnd = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
        const fresh = this.insert(m);
        if (fresh && (nearEnd || m.from === this.store.me.id) && m.seq === c.lastSeq) this.scrollToEnd();
        if (m.from !== this.store.me.id) this.markReadSoon();
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
        this.scrollToEnd();
      }
    }
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
      if (s === undefined || Number(s) > m.seq) {
        next = child;
        break;
      }
    }
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

  private scrollToEnd(): void {
    this.list.scrollTop = this.list.scrollHeight;
  }
}
