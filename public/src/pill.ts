import type { ImClient, TransportState, TransportStatus } from '../../client/index.js';
import { byId } from './dom.js';

const LABEL: Record<TransportState, string> = {
  ws: 'WebSocket',
  sse: 'SSE',
  longpoll: 'Long-poll',
  offline: 'Offline',
};

/**
 * The transport indicator: which transport is live, and, when Auto runs on a fallback, the better
 * transport it tries again in the background ("trying WebSocket…", or a countdown to the next try).
 * The countdown is hidden from screen readers (it would be read every second); the pill's title says it.
 */
export class TransportPill {
  private readonly el = byId('transport');
  private readonly label = byId('transport-label');
  private readonly probe = byId('transport-probe');
  private status: TransportStatus | null = null;
  private timer: number | undefined;

  constructor(client: ImClient) {
    this.probe.setAttribute('aria-hidden', 'true');
    client.on('transport', (s) => this.render(s));
    this.render({ state: client.transport, mode: client.transportMode, gate: client.gate });
  }

  private render(s: TransportStatus): void {
    this.status = s;
    this.el.dataset.state = s.state;
    this.label.textContent = LABEL[s.state];
    const p = s.probe && s.state !== 'offline' ? s.probe : undefined;
    if (p) this.el.dataset.probe = p.state;
    else delete this.el.dataset.probe;
    this.el.title = p
      ? `${LABEL[s.state]} is a fallback; ${LABEL[p.transport]} is tried again in the background`
      : `Connected over ${LABEL[s.state]}`;
    this.tick();
  }

  /** Redraws the probe's text, every second while a countdown runs. */
  private tick(): void {
    clearTimeout(this.timer);
    const p = this.status?.state !== 'offline' ? this.status?.probe : undefined;
    if (!p) {
      this.probe.textContent = '';
      return;
    }
    if (p.state === 'trying') {
      this.probe.textContent = ` · trying ${LABEL[p.transport]}…`;
      return;
    }
    const secs = Math.max(0, Math.ceil(((p.at ?? Date.now()) - Date.now()) / 1000));
    this.probe.textContent = ` · ${LABEL[p.transport]} again in ${secs} s`;
    this.timer = window.setTimeout(() => this.tick(), 1000);
  }
}
