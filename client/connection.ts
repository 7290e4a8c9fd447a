import { Backoff, type BackoffOptions, unref } from './backoff.js';
import { ImError } from './errors.js';
import { Prober, type ProbeState } from './probe.js';
import type {
  Transport,
  TransportClose,
  TransportContext,
  TransportFactory,
  TransportSink,
} from './transports/transport.js';
import type { ClientFrame, CursorStore, SendAck, TransportName, TransportState, WireEvent } from './types.js';

/** `auto`: the best transport that works (WebSocket, then SSE, then long-poll); a name forces that one. */
export type TransportMode = 'auto' | TransportName;

export interface TransportStatus {
  state: TransportState;
  mode: TransportMode;
  gate: string;
  reason?: string;
  /** In `auto` mode on a fallback: the better transport being tried again in the background. */
  probe?: ProbeState;
}

/** What the connection needs from the client around it. */
export interface ConnectionHooks {
  /** A current access token; undefined once the session is gone. */
  token(): Promise<string | undefined>;
  /** Refreshes the token; false when the session ended instead. */
  refresh(): Promise<boolean>;
  /** The inbox head over REST (also the probe after a failed attempt). */
  head(): Promise<string>;
  sync: TransportContext['sync'];
  /** A single-use stream ticket, or null when the gate has none to give (SSE then uses the token). */
  ticket?: TransportContext['ticket'];
  deviceId(): string | undefined;
  cursors: CursorStore;
  /** Inbox events of the live transport, in wire order. */
  event(ev: WireEvent): void;
  expired(head: string): void;
  ack(ack: SendAck): void;
  sendError(clientMsgId: string, err: ImError): void;
  /** A transport went live. */
  opened(): void;
  /** The transport went away: whatever was in flight over it is unacknowledged. */
  lost(): void;
  status(s: TransportStatus): void;
}

export interface ConnectionOptions {
  factories: Record<TransportName, TransportFactory>;
  gates: string[];
  mode: TransportMode;
  backoff?: BackoffOptions;
  heartbeatMs: number;
  fallbackAfter: number;
  /** Delays between background tries of a better transport while on a fallback (default 3 s doubling to 2 min). */
  probe?: BackoffOptions;
}

const ORDER: TransportName[] = ['ws', 'sse', 'longpoll'];

/**
 * Keeps one transport subscribed to the inbox while started: picks the transport (the forced one,
 * or the best that works, falling back after `fallbackAfter` failed attempts), reconnects with
 * jittered exponential backoff, follows the close actions (refresh on auth, at once on a shed
 * consumer, another gate on a drain) and always resumes from the cursor store. A transport that
 * was replaced is never heard from again (each attempt has its own generation). In `auto` mode on a
 * fallback, the better transports are tried again in the background with growing delays, and the
 * first that answers takes over (the status carries the probe).
 */
export class Connection {
  private readonly backoff: Backoff;
  private mode: TransportMode;
  private gateIndex = 0;
  private candidateIndex = 0;
  private failures = 0;
  private authRetries = 0;
  private started = false;
  private generation = 0;
  private current: Transport | null = null;
  private live = false;
  private openedAt = 0;
  private state: TransportState = 'offline';
  private reason: string | undefined;
  private probe: ProbeState | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly prober: Prober;

  constructor(
    private readonly opts: ConnectionOptions,
    private readonly hooks: ConnectionHooks,
  ) {
    this.mode = opts.mode;
    this.backoff = new Backoff(opts.backoff);
    this.prober = new Prober(
      {
        context: () => this.context(),
        found: (factory) => {
          this.candidateIndex = Math.max(0, this.candidates().indexOf(factory));
          this.failures = 0;
          this.switchOver();
        },
        changed: (probe) => {
          if (probe === undefined && this.probe === undefined) return;
          this.probe = probe;
          this.emitStatus();
        },
      },
      opts.probe,
    );
  }

  get status(): TransportState {
    return this.state;
  }

  get transportMode(): TransportMode {
    return this.mode;
  }

  get gate(): string {
    return this.opts.gates[this.gateIndex % this.opts.gates.length]!;
  }

  /** True while (re)connecting to a transport that will carry sends itself: they may wait for it. */
  get awaitingBidirectional(): boolean {
    return this.started && !this.live && this.candidate().capabilities.bidirectional;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.connect();
  }

  stop(reason = 'stopped'): void {
    if (!this.started) return;
    this.started = false;
    this.drop(reason);
  }

  setMode(mode: TransportMode): void {
    this.mode = mode;
    this.candidateIndex = 0;
    this.failures = 0;
    if (this.started) this.restart('transport switched');
  }

  /** Drops the connection and opens a new one at once. */
  reconnect(reason = 'reconnect requested'): void {
    if (this.started) this.restart(reason);
  }

  /** Cuts a pending backoff short (the network came back); on a fallback, tries the better transport now. */
  retryNow(): void {
    if (this.started && !this.live) {
      this.backoff.reset();
      this.schedule(0);
    } else if (this.started) this.prober.now();
  }

  /** Sends over the live transport when it is bidirectional; false otherwise. */
  send(frame: ClientFrame): boolean {
    return !!this.current && this.live && this.current.capabilities.bidirectional && this.current.send(frame);
  }

  private candidates(): TransportFactory[] {
    if (this.mode !== 'auto') return [this.opts.factories[this.mode]];
    return ORDER.map((n) => this.opts.factories[n]).filter((f) => f.available);
  }

  private candidate(): TransportFactory {
    const list = this.candidates();
    return list[this.candidateIndex % list.length]!;
  }

  private restart(reason: string): void {
    this.drop(reason);
    this.backoff.reset();
    void this.connect();
  }

  /** Closes the current transport without hearing from it again. */
  private drop(reason: string): void {
    clearTimeout(this.timer);
    this.prober.stop();
    this.generation++;
    const was = this.current;
    this.current = null;
    this.live = false;
    was?.close();
    this.setState('offline', reason);
    this.hooks.lost();
  }

  /**
   * Moves from the fallback to the candidate a probe found: the state shows the fallback until the new
   * transport is live, which resumes from the cursor like any reconnect.
   */
  private switchOver(): void {
    clearTimeout(this.timer);
    this.generation++;
    const was = this.current;
    this.current = null;
    this.live = false;
    was?.close();
    this.hooks.lost();
    this.backoff.reset();
    void this.connect();
  }

  /** What a transport starts with: the current gate, a fresh token, the stored cursor. */
  private async context(): Promise<TransportContext> {
    const token = await this.hooks.token();
    if (!token) throw new ImError('unauthorized', 'logged out');
    return {
      baseUrl: this.gate,
      token,
      deviceId: this.hooks.deviceId(),
      cursor: this.hooks.cursors.get() ?? undefined,
      sync: this.hooks.sync,
      ticket: this.hooks.ticket,
      heartbeatMs: this.opts.heartbeatMs,
    };
  }

  /** On a fallback in `auto` mode, probe the transports better than the live one; otherwise stop probing. */
  private probeBetter(): void {
    const list = this.candidates();
    const index = this.candidateIndex % list.length;
    this.prober.start(this.mode === 'auto' && this.started ? list.slice(0, index) : []);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    const gen = this.generation;
    this.timer = setTimeout(() => {
      if (gen === this.generation) void this.connect();
    }, delayMs);
    unref(this.timer);
  }

  private async connect(): Promise<void> {
    if (!this.started) return;
    const gen = ++this.generation;
    const factory = this.candidate();
    const { hooks } = this;
    try {
      const token = await hooks.token();
      if (!token) return this.stop('logged out');
      let cursor = hooks.cursors.get() ?? undefined;
      if (cursor === undefined) {
        cursor = await hooks.head();
        if (gen === this.generation) hooks.cursors.set(cursor);
      } else if (this.failures > 0) {
        // After a failed attempt, ask over REST first: a browser's EventSource hides the status
        // of a refused stream, while this request refreshes the token or ends a revoked session.
        await hooks.head();
      }
      if (gen !== this.generation || !this.started) return;
      const ctx: TransportContext = {
        baseUrl: this.gate,
        token,
        deviceId: hooks.deviceId(),
        cursor,
        sync: hooks.sync,
        ticket: hooks.ticket,
        heartbeatMs: this.opts.heartbeatMs,
      };
      this.current = factory.start(ctx, this.sink(gen));
    } catch (err) {
      if (gen !== this.generation) return;
      const e = err instanceof ImError ? err : new ImError('network', String(err));
      this.closed(gen, {
        action: e.status === 401 ? 'auth' : 'backoff',
        opened: false,
        code: e.status,
        reason: e.message,
      });
    }
  }

  private sink(gen: number): TransportSink {
    const mine = () => gen === this.generation;
    const { hooks } = this;
    return {
      open: (cursor) => {
        if (!mine()) return;
        if (cursor && !hooks.cursors.get()) hooks.cursors.set(cursor);
        this.live = true;
        this.openedAt = Date.now();
        this.failures = 0;
        this.authRetries = 0;
        this.setState(this.current?.name ?? 'offline');
        hooks.opened();
        this.probeBetter();
      },
      event: (ev) => mine() && hooks.event(ev),
      cursor: (c) => mine() && hooks.cursors.set(c),
      expired: (head) => mine() && hooks.expired(head),
      ack: (ack) => mine() && hooks.ack(ack),
      sendError: (id, err) => mine() && hooks.sendError(id, err),
      closed: (c) => this.closed(gen, c),
    };
  }

  private closed(gen: number, c: TransportClose): void {
    if (gen !== this.generation) return;
    this.current = null;
    this.live = false;
    this.prober.stop();
    if (!this.started) return;
    const lasted = c.opened ? Date.now() - this.openedAt : 0;
    if (lasted > 5_000) this.backoff.reset();
    let action = c.action;
    if (action === 'auth' && ++this.authRetries > 2) action = 'backoff';
    // A connection shed right after it opened gets a backoff, or a struggling gate would be hammered.
    if ((action === 'immediate' || action === 'other_gate') && lasted < 1_000) {
      if (action === 'other_gate') this.gateIndex++;
      action = 'backoff';
    }
    this.setState('offline', c.reason);
    this.hooks.lost();
    let delay: number;
    switch (action) {
      case 'auth':
        this.hooks.refresh().then(
          (ok) => ok && this.started && gen === this.generation && this.schedule(0),
          () => this.started && gen === this.generation && this.schedule(this.backoff.next()),
        );
        return;
      case 'immediate':
        delay = Math.random() * 250;
        break;
      case 'other_gate':
        this.gateIndex++;
        delay = Math.random() * 250;
        break;
      default:
        delay = this.backoff.next();
        if (!c.opened) {
          if (this.opts.gates.length > 1) this.gateIndex++;
          if (++this.failures >= this.opts.fallbackAfter && this.candidates().length > 1) {
            this.failures = 0;
            this.candidateIndex = (this.candidateIndex + 1) % this.candidates().length;
            delay = Math.min(delay, 250);
          }
        }
    }
    this.schedule(delay);
  }

  private setState(state: TransportState, reason?: string): void {
    if (state === this.state) return;
    this.state = state;
    this.reason = reason;
    this.emitStatus();
  }

  private emitStatus(): void {
    const s: TransportStatus = { state: this.state, mode: this.mode, gate: this.gate };
    if (this.reason !== undefined) s.reason = this.reason;
    if (this.probe) s.probe = this.probe;
    this.hooks.status(s);
  }
}
