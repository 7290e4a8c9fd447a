import { Api } from './api.js';
import type { BackoffOptions } from './backoff.js';
import { Connection, type TransportMode, type TransportStatus } from './connection.js';
import { messageKey, RecentSet } from './dedup.js';
import { Emitter } from './emitter.js';
import { ImError } from './errors.js';
import { Http } from './http.js';
import { Outbox } from './outbox.js';
import { Auth } from './session.js';
import { originTabs, type TabSync } from './tabs.js';
import { longPoll } from './transports/longpoll.js';
import { serverSentEvents, type EventSourceCtor } from './transports/sse.js';
import { webSocket, type WebSocketCtor } from './transports/ws.js';
import type {
  CursorStore,
  LoginResult,
  OutgoingMessage,
  SendAck,
  Session,
  SessionStore,
  TransportState,
  User,
  WireEvent,
} from './types.js';

export type { TransportMode };

export interface ClientOptions {
  /** The gate to talk to (in a browser usually `location.origin`). */
  baseUrl: string;
  /** More gates to move to when one drains or fails (any gate serves any user). */
  gates?: string[];
  /** A session to resume (e.g. restored from storage). */
  session?: Session | null;
  sessionStore?: SessionStore;
  /** Where the last processed cursor is kept; in memory when absent. */
  cursorStore?: CursorStore;
  transport?: TransportMode;
  /** Defaults to `globalThis.WebSocket`; pass `ws`'s in Node 20, or null to disable the transport. */
  WebSocket?: WebSocketCtor | null;
  /** Defaults to `globalThis.EventSource`; pass `eventsource`'s in Node, or null to disable the transport. */
  EventSource?: EventSourceCtor | null;
  fetch?: typeof fetch;
  /** Reconnect delays (defaults: 500 ms doubling to 30 s, up to half of each random). */
  backoff?: BackoffOptions;
  /** WebSocket heartbeat period, ms (default 25 000, as the contract asks). */
  heartbeatMs?: number;
  /** A send not accepted within this long rejects with `timeout` (default 120 000; 0: never). */
  sendTimeoutMs?: number;
  /** In `auto` mode, failed attempts of one transport before the next is tried (default 2). */
  fallbackAfter?: number;
  /** In `auto` mode on a fallback, delays between tries of the better transport (default 3 s doubling to 2 min). */
  probe?: BackoffOptions;
  /**
   * The other tabs sharing `sessionStore`, so that one refreshes and the others take its tokens.
   * Default: the browser's (Web Locks and BroadcastChannel) when there is a sessionStore; null: none.
   */
  tabs?: TabSync | null;
  onListenerError?: (err: unknown) => void;
}

/** Typed events of the client: every inbox event by its type, all of them as `event`, and the client's own. */
export type ClientEvents = { [K in WireEvent['type']]: Extract<WireEvent, { type: K }> } & {
  /** Every inbox event that is not a duplicate, in order; the cursor is stored after the listeners ran. */
  event: WireEvent;
  /** Which transport is live, or `offline`. */
  transport: TransportStatus;
  /** The stored cursor had expired: reload conversations and history over REST; events go on from `cursor`. */
  reset: { cursor: string };
  /** A send was accepted. */
  ack: SendAck;
  /** Login, token refresh, or the end of the session (logout, revoked, refresh refused). */
  session: { session: Session | null; reason: 'login' | 'refresh' | 'ended' | 'logout' };
};

/**
 * The gateway client: auth with token refresh, typed REST (`api`), and one live subscription to the
 * user's inbox over the best transport available, with fallback, jittered reconnects, resume from the
 * last processed cursor, duplicate suppression and send retries.
 *
 * Guarantees to the caller: inbox events are emitted in inbox order; a durable event's cursor is
 * stored (cursorStore.set) only after every listener has returned, so a crash replays it rather
 * than skips it; a message with a (conversationId, seq) already seen here is not emitted again;
 * a send is retried with its clientMsgId until accepted, so it lands at most once.
 */
export class ImClient {
  readonly api: Api;
  private readonly auth: Auth;
  private readonly emitter: Emitter<ClientEvents>;
  private readonly outbox: Outbox;
  private readonly conn: Connection;
  private readonly cursors: CursorStore;
  private readonly seenMessages = new RecentSet(20_000);
  private readonly seenCursors = new RecentSet(5_000);
  private started = false;
  private readonly tabs: TabSync | null;
  private readonly onOnline = () => this.conn.retryNow();

  constructor(opts: ClientOptions) {
    const gates = [opts.baseUrl, ...(opts.gates ?? []).filter((g) => g !== opts.baseUrl)];
    this.emitter = new Emitter(opts.onListenerError);
    let memoryCursor: string | null = null;
    this.cursors = opts.cursorStore ?? { get: () => memoryCursor, set: (c) => void (memoryCursor = c) };
    const g = globalThis as { WebSocket?: WebSocketCtor; EventSource?: EventSourceCtor };
    this.tabs = opts.tabs !== undefined ? opts.tabs : opts.sessionStore ? originTabs() : null;
    this.auth = new Auth({
      refreshCall: (t) => this.api.refresh(t),
      store: opts.sessionStore,
      tabs: this.tabs,
      onChange: (session, reason) => {
        if (!session) this.stop();
        this.emitter.emit('session', { session, reason });
      },
    });
    const http = new Http({
      baseUrl: () => this.conn.gate,
      fetch: opts.fetch ?? globalThis.fetch.bind(globalThis),
      tokens: this.auth,
    });
    this.api = new Api(http);
    this.conn = new Connection(
      {
        factories: {
          ws: webSocket(opts.WebSocket === undefined ? g.WebSocket : opts.WebSocket),
          sse: serverSentEvents(opts.EventSource === undefined ? g.EventSource : opts.EventSource),
          longpoll: longPoll,
        },
        gates,
        mode: opts.transport ?? 'auto',
        backoff: opts.backoff,
        heartbeatMs: opts.heartbeatMs ?? 25_000,
        fallbackAfter: opts.fallbackAfter ?? 2,
        probe: opts.probe,
      },
      {
        token: () => this.auth.token(),
        refresh: () => this.auth.refresh(),
        head: () => this.api.head(),
        sync: (c, timeout, signal) => this.api.sync(c, timeout, signal),
        // A gate without tickets (404) still takes the token in the URL.
        ticket: () =>
          this.api.streamTicket().then(
            (t) => t.ticket,
            (err: unknown) => {
              if (err instanceof ImError && err.status === 404) return null;
              throw err;
            },
          ),
        deviceId: () => this.auth.session?.deviceId,
        cursors: this.cursors,
        event: (ev) => this.process(ev),
        expired: (head) => {
          this.cursors.set(head);
          this.emitter.emit('reset', { cursor: head });
        },
        ack: (ack) => {
          if (!this.outbox.ack(ack)) this.seenMessages.add(messageKey(ack.conversationId, ack.seq));
        },
        sendError: (id, err) => this.outbox.refused(id, err),
        opened: () => this.outbox.flush(),
        lost: () => this.outbox.connectionLost(),
        status: (s) => this.emitter.emit('transport', s),
      },
    );
    this.outbox = new Outbox(
      {
        viaConnection: (frame) => this.conn.send(frame),
        shouldWait: () => this.conn.awaitingBidirectional,
        viaRest: (m, signal) => this.api.sendMessage(m, { maxAttempts: 3, signal }),
        acked: (ack) => {
          this.seenMessages.add(messageKey(ack.conversationId, ack.seq));
          this.emitter.emit('ack', ack);
        },
      },
      opts.sendTimeoutMs ?? 120_000,
    );
    const restored = opts.session ?? opts.sessionStore?.get() ?? null;
    if (restored) this.auth.set(restored, 'refresh');
  }

  // Events

  on<K extends keyof ClientEvents>(type: K, fn: (payload: ClientEvents[K]) => void): () => void {
    return this.emitter.on(type, fn);
  }

  off<K extends keyof ClientEvents>(type: K, fn: (payload: ClientEvents[K]) => void): void {
    this.emitter.off(type, fn);
  }

  // Session

  get session(): Session | null {
    return this.auth.session;
  }

  get user(): User | null {
    return this.auth.session?.user ?? null;
  }

  register(username: string, password: string, displayName?: string): Promise<{ user: User }> {
    return this.api.register({ username, password, displayName });
  }

  /** Logs in and adopts the session. Pass the `deviceId` of an earlier login to stay the same device. */
  async login(
    username: string,
    password: string,
    device: { deviceId?: string; deviceName?: string } = {},
  ): Promise<LoginResult> {
    const r = await this.api.login({ username, password, ...device });
    this.auth.set(this.auth.fromTokens(r, { deviceId: r.deviceId, user: r.user }), 'login');
    return r;
  }

  /** Refreshes the access token now (it is also done ~60 s before expiry and on a 401). */
  refresh(): Promise<boolean> {
    return this.auth.refresh();
  }

  /** Revokes this device's session on the server (best effort) and forgets it here. */
  async logout(): Promise<void> {
    this.stop();
    await this.api.logout().catch(() => undefined);
    this.auth.set(null, 'logout');
  }

  // The live subscription

  /** Which transport is live right now, or `offline`. */
  get transport(): TransportState {
    return this.conn.status;
  }

  get transportMode(): TransportMode {
    return this.conn.transportMode;
  }

  /** The gate in use. */
  get gate(): string {
    return this.conn.gate;
  }

  /** Subscribes to the inbox, resuming from the stored cursor (or the head when there is none). */
  start(): void {
    if (this.started) return;
    if (!this.auth.session) throw new ImError('unauthorized', 'log in first');
    this.started = true;
    (globalThis as { addEventListener?: (t: string, f: () => void) => void }).addEventListener?.(
      'online',
      this.onOnline,
    );
    this.conn.start();
  }

  /** Ends the subscription (sends then go over REST). */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    (globalThis as { removeEventListener?: (t: string, f: () => void) => void }).removeEventListener?.(
      'online',
      this.onOnline,
    );
    this.conn.stop();
  }

  /** Stops everything: subscription, refresh timer, tab coordination, pending sends (rejected with `closed`). */
  close(): void {
    this.stop();
    this.auth.stop();
    this.tabs?.close();
    this.outbox.close();
  }

  /** Forces one transport, or `auto`; a running subscription switches at once and resumes from its cursor. */
  setTransport(mode: TransportMode): void {
    this.conn.setMode(mode);
  }

  /** Drops the connection and opens a new one at once, resuming from the cursor. */
  reconnect(): void {
    this.conn.reconnect();
  }

  // Sending

  /** Sends a message; retried with the same clientMsgId until accepted. Resolves with its seq. */
  send(m: OutgoingMessage): Promise<SendAck> {
    return this.outbox.send(m);
  }

  /** Moves the read marker (over the socket when one is live). */
  async markRead(conversationId: string, seq: number): Promise<void> {
    if (!this.conn.send({ op: 'read', conversationId, seq })) await this.api.markRead(conversationId, seq);
  }

  /** Tells the other members that the user is typing (over the socket when one is live). */
  async typing(conversationId: string): Promise<void> {
    if (!this.conn.send({ op: 'typing', conversationId })) await this.api.typing(conversationId);
  }

  /** Recalls one of the user's messages; over REST always, since its answer (refused or not) matters. */
  async recall(conversationId: string, seq: number): Promise<void> {
    await this.api.recall(conversationId, seq);
  }

  /** Records a message the caller already holds (e.g. loaded over REST), so a replay of it is dropped. */
  markSeen(conversationId: string, seq: number): void {
    this.seenMessages.add(messageKey(conversationId, seq));
  }

  /** The clientMsgIds of sends not yet acknowledged. */
  get unacknowledged(): string[] {
    return this.outbox.waiting;
  }

  /** Emits one inbox event unless it is a duplicate, then stores its cursor. */
  private process(ev: WireEvent): void {
    if (ev.cursor !== undefined && !this.seenCursors.add(ev.cursor)) return;
    let fresh = true;
    if (ev.type === 'message') {
      const m = ev.data;
      // Our own send replayed before its ack came: that is the ack.
      if (m.fromDevice === this.auth.session?.deviceId)
        this.outbox.ack({
          clientMsgId: m.clientMsgId,
          conversationId: m.conversationId,
          seq: m.seq,
          createdAt: m.createdAt,
        });
      fresh = this.seenMessages.add(messageKey(m.conversationId, m.seq));
    }
    if (fresh) {
      this.emitter.emit('event', ev);
      this.emitter.emit(ev.type, ev as never);
    }
    if (ev.cursor !== undefined) this.cursors.set(ev.cursor);
  }
}
