import { Redis } from 'ioredis';
import { startDeployment, type ChaosDeployment } from './deployment.js';
import { Device, type Ack, type Transport } from './clients.js';

/**
 * A chaos run: clients on every gate send continuously over WebSocket, SSE + POST and long-poll +
 * POST while the deployment is broken on a schedule — a gate killed with -9 (and started again), the
 * writer killed with -9 (and started again), Redis stopped cleanly and started from its AOF, then
 * killed with -9 and started from its AOF again, and Postgres made unreachable for a while (through
 * the proxy). Afterwards every acknowledged message
 * is checked in Postgres and on every device of every member. Bounded in time and count.
 */

export type ChaosMode = 'short' | 'long';

export interface ChaosOptions {
  mode: ChaosMode;
  /** Progress lines (timeline, figures). */
  log?: (line: string) => void;
  echo?: boolean;
}

interface Plan {
  users: number;
  /** Users (the first ones) that also have a read-only second device. */
  secondDevices: number;
  /** Pause between two sends of one sending device. */
  sendEveryMs: number;
  pgOutageMs: number;
  /** How many times the whole sequence of faults is played. */
  rounds: number;
  /** Quiet time between two faults. */
  gapMs: number;
  /** How long devices and the writer get to catch up after the last send. */
  convergeMs: number;
}

const PLANS: Record<ChaosMode, Plan> = {
  short: {
    users: 9,
    secondDevices: 3,
    sendEveryMs: 300,
    pgOutageMs: 5_000,
    rounds: 1,
    gapMs: 3_000,
    convergeMs: 25_000,
  },
  long: {
    users: 18,
    secondDevices: 9,
    sendEveryMs: 150,
    pgOutageMs: 20_000,
    rounds: 2,
    gapMs: 8_000,
    convergeMs: 60_000,
  },
};

export interface ChaosReport {
  mode: ChaosMode;
  durationMs: number;
  timeline: string[];
  sent: number;
  acknowledged: number;
  persisted: number;
  /** Messages Postgres holds that were sent but whose acknowledgement never reached the sender. */
  persistedUnacknowledged: number;
  /** Deliveries owed (each acknowledged message to each member device but the sending one) and made. */
  deliveriesExpected: number;
  delivered: number;
  /** Of those, obtained by a REST reload after `cursor_expired`. */
  deliveredByReload: number;
  duplicatesSeen: number;
  /** Acknowledged but not in Postgres (only possible within Redis's durability window). */
  lost: number;
  /** Messages Postgres holds more than once (one conversation, device and clientMsgId under two seqs). */
  storedTwice: number;
  /** Acknowledged, in Postgres, but missing on a device that should have it. */
  missingOnDevices: number;
  sendRetries: number;
  gateMoves: number;
  cursorExpiries: number;
  acknowledgedDuringPgOutage: number;
  /** Gates and writers that died on their own during the run (and were started again). */
  crashes: ChaosDeployment['crashes'];
  /** Time from first attempt to acknowledgement of the sends made by the devices (retries included), overall and while Postgres was away. */
  sendMs: { p50: number; p99: number; max: number };
  sendMsDuringPgOutage: { p50: number; p99: number; max: number };
  /** Broken promises of the contract; empty when the run passed. */
  violations: string[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** A bound raced against other work: it must not keep the process alive once the work is done. */
const bound = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

async function json(
  base: string,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<any> {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

interface Person {
  id: string;
  username: string;
  token: string;
  deviceId: string;
  secondToken?: string;
}

interface Conversation {
  kind: 'direct' | 'group';
  /** `to` of a send by `sender`. */
  to: (sender: Person) => string;
  members: Person[];
  id?: string;
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const plan = PLANS[opts.mode];
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const timeline: string[] = [];
  const mark = (what: string) => {
    const line = `${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${what}`;
    timeline.push(line);
    log(line);
  };
  const d = await startDeployment({ gates: 2, echo: opts.echo, priority: 5 });
  mark(`deployment up: redis :${d.redis.port}, postgres proxy :${d.proxy.port}, gates ${d.gateUrls.join(' ')}`);
  const devices: Device[] = [];
  try {
    return await exercise(d, plan, opts.mode, devices, mark, timeline, t0);
  } finally {
    for (const dev of devices) dev.stop();
    const t = Date.now();
    await d.stop();
    log(`deployment stopped in ${Date.now() - t} ms`);
  }
}

async function exercise(
  d: ChaosDeployment,
  plan: Plan,
  mode: ChaosMode,
  devices: Device[],
  mark: (s: string) => void,
  timeline: string[],
  t0: number,
): Promise<ChaosReport> {
  const gates = d.gateUrls;
  const violations: string[] = [];

  // People, friendships around a ring, two groups; one message per conversation seeds its counter.
  const people: Person[] = await Promise.all(
    Array.from({ length: plan.users }, async (_, i) => {
      const base = gates[i % gates.length]!;
      const username = `chaos${i}_${Date.now().toString(36)}`;
      await json(base, 'POST', '/v1/auth/register', undefined, { username, password: 'correct horse battery' });
      const l = await json(base, 'POST', '/v1/auth/login', undefined, {
        username,
        password: 'correct horse battery',
        deviceId: 'main',
      });
      const p: Person = { id: l.user.id, username, token: l.accessToken, deviceId: 'main' };
      if (i < plan.secondDevices)
        p.secondToken = (
          await json(base, 'POST', '/v1/auth/login', undefined, {
            username,
            password: 'correct horse battery',
            deviceId: 'second',
          })
        ).accessToken;
      return p;
    }),
  );
  const conversations: Conversation[] = [];
  for (let i = 0; i < people.length; i++) {
    const a = people[i]!;
    const b = people[(i + 1) % people.length]!;
    const req = await json(gates[0]!, 'POST', '/v1/friends/requests', a.token, { userId: b.id });
    await json(gates[1]!, 'POST', `/v1/friends/requests/${req.request.id}/accept`, b.token);
    conversations.push({ kind: 'direct', to: (s) => (s === a ? b.id : a.id), members: [a, b] });
  }
  const half = Math.ceil(people.length / 2);
  for (const members of [people.slice(0, half + 1), people.slice(half - 1)]) {
    // A group's creator adds only friends: befriend the members the ring has not made friends yet.
    const at = people.indexOf(members[0]!);
    const ring = new Set([people[(at + 1) % people.length], people[(at + people.length - 1) % people.length]]);
    for (const m of members.slice(1).filter((x) => !ring.has(x))) {
      const req = await json(gates[0]!, 'POST', '/v1/friends/requests', members[0]!.token, { userId: m.id });
      await json(gates[1]!, 'POST', `/v1/friends/requests/${req.request.id}/accept`, m.token);
    }
    const g = await json(gates[0]!, 'POST', '/v1/groups', members[0]!.token, {
      name: 'chaos',
      memberIds: members.slice(1).map((m) => m.id),
    });
    conversations.push({ kind: 'group', to: () => g.group.id, members });
  }
  const convsOf = (p: Person) => conversations.filter((c) => c.members.includes(p));

  // What was acknowledged: by (conversationId, seq), and by clientMsgId.
  const acked = new Map<
    string,
    { clientMsgId: string; deviceId: string; from: string; conversationId: string; seq: number; at: number }
  >();
  const ackOf = new Map<string, Ack>();
  let sent = 0;
  let pgDown: { from: number; to: number } | null = null;
  let ackedDuringPgOutage = 0;
  const recordAck = (sender: Person, deviceId: string, clientMsgId: string, ack: Ack) => {
    const key = `${ack.conversationId}#${ack.seq}`;
    const prev = ackOf.get(clientMsgId);
    if (prev && (prev.conversationId !== ack.conversationId || prev.seq !== ack.seq))
      violations.push(
        `${clientMsgId} acknowledged twice with different seqs: ${JSON.stringify(prev)} and ${JSON.stringify(ack)}`,
      );
    ackOf.set(clientMsgId, ack);
    const other = acked.get(key);
    if (other && other.clientMsgId !== clientMsgId)
      violations.push(`seq issued twice: ${key} for ${other.clientMsgId} and ${clientMsgId}`);
    acked.set(key, {
      clientMsgId,
      deviceId,
      from: sender.id,
      conversationId: ack.conversationId,
      seq: ack.seq,
      at: Date.now(),
    });
    if (pgDown && Date.now() >= pgDown.from && Date.now() <= pgDown.to) ackedDuringPgOutage++;
  };
  for (const [ci, c] of conversations.entries()) {
    const sender = c.members[0]!;
    const clientMsgId = `seed-${ci}`;
    const r = await json(gates[ci % gates.length]!, 'POST', '/v1/messages', sender.token, {
      kind: c.kind,
      to: c.to(sender),
      clientMsgId,
      contentType: 'text',
      content: 'seed',
    });
    c.id = r.conversationId;
    sent++;
    recordAck(sender, sender.deviceId, clientMsgId, { conversationId: r.conversationId, seq: r.seq });
  }
  mark(`${people.length} users (${plan.secondDevices} with a second device), ${conversations.length} conversations`);

  // Devices: transports round-robin, spread over the gates.
  const TRANSPORTS: Transport[] = ['ws', 'sse', 'longpoll'];
  const mains: Array<{ person: Person; device: Device }> = [];
  people.forEach((p, i) => {
    const ids = () => convsOf(p).map((c) => c.id!);
    const main = new Device({
      transport: TRANSPORTS[i % 3]!,
      gates,
      firstGate: i,
      token: p.token,
      userId: p.id,
      deviceId: 'main',
      conversations: ids,
      label: `${i}/main`,
    });
    devices.push(main);
    mains.push({ person: p, device: main });
    if (p.secondToken)
      devices.push(
        new Device({
          transport: TRANSPORTS[(i + 1) % 3]!,
          gates,
          firstGate: i + 1,
          token: p.secondToken,
          userId: p.id,
          deviceId: 'second',
          conversations: ids,
          label: `${i}/second`,
        }),
      );
  });
  for (const dev of devices) dev.start();
  await Promise.race([
    Promise.all(devices.map((x) => x.ready)),
    bound(15_000).then(() => Promise.reject(new Error('devices did not connect'))),
  ]);
  // Devices started at the head: what was acknowledged before (the seed messages) is history, not owed.
  const liveFrom = Date.now();
  mark(
    `${devices.length} devices live: ${TRANSPORTS.map((t) => `${devices.filter((x) => x.transport === t).length} ${t}`).join(', ')}`,
  );

  // Senders: each main device sends to its conversations in turn, one message at a time.
  let sending = true;
  const senders = mains.map(async ({ person, device }, i) => {
    const mine = convsOf(person);
    await sleep((i * plan.sendEveryMs) / mains.length);
    for (let n = 0; sending; n++) {
      const c = mine[n % mine.length]!;
      const clientMsgId = `${person.id.slice(0, 6)}-${n}`;
      sent++;
      const ack = await device.send(
        { kind: c.kind, to: c.to(person), clientMsgId, content: `chaos ${clientMsgId} at ${Date.now()}` },
        () => !sending,
      );
      if (ack) recordAck(person, device.deviceId, clientMsgId, ack);
      await sleep(plan.sendEveryMs);
    }
  });

  // The faults.
  for (let round = 1; round <= plan.rounds; round++) {
    await sleep(plan.gapMs);
    const victim = round % 2;
    mark(`round ${round}: kill -9 gate ${victim}`);
    await d.killGate(victim);
    await sleep(plan.gapMs);
    await d.startGate(victim);
    mark(`gate ${victim} started again`);
    await sleep(plan.gapMs / 2);
    mark('kill -9 the writer');
    await d.killWriter();
    await sleep(plan.gapMs / 2);
    await d.startWriter();
    mark('writer started again');
    await sleep(plan.gapMs);
    mark('Redis: SHUTDOWN (clean stop)');
    await d.redis.shutdown();
    await d.redis.start();
    mark('Redis started again from its AOF');
    await sleep(plan.gapMs / 2);
    mark('Redis: kill -9 (appendonly yes, appendfsync everysec)');
    await d.redis.killNine();
    await d.redis.start();
    mark('Redis started again from its AOF');
    await sleep(plan.gapMs);
    mark(`Postgres unreachable for ${plan.pgOutageMs / 1000} s (proxy cut)`);
    pgDown = { from: Date.now(), to: Date.now() + plan.pgOutageMs };
    await d.proxy.cut();
    await sleep(plan.pgOutageMs);
    await d.proxy.restore();
    mark('Postgres reachable again');
  }
  await sleep(plan.gapMs);
  sending = false;
  await Promise.race([Promise.all(senders), bound(20_000)]);
  mark(`sending stopped: ${sent} sent, ${acked.size} acknowledged`);

  // Convergence: the writer drains the log, every device gets every message owed to it.
  const expectedFor = (dev: Device) => {
    const person = people.find((p) => p.id === dev.userId)!;
    const convIds = new Set(convsOf(person).map((c) => c.id));
    return [...acked.entries()].filter(
      ([, a]) =>
        a.at >= liveFrom && convIds.has(a.conversationId) && !(a.from === dev.userId && a.deviceId === dev.deviceId),
    );
  };
  const missingOn = (dev: Device) => expectedFor(dev).filter(([key]) => !dev.seen.has(key));
  const logBacklog = async () => {
    const r = new Redis(d.redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    r.on('error', () => {});
    try {
      await r.connect();
      let n = 0;
      for (let s = 0; s < 2; s++) n += await r.xlen(`im:{log:${s}}`);
      return n;
    } finally {
      r.disconnect();
    }
  };
  const until = Date.now() + plan.convergeMs;
  for (;;) {
    const backlog = await logBacklog().catch(() => -1);
    const behind = devices.filter((x) => missingOn(x).length > 0).length;
    if (backlog === 0 && behind === 0) break;
    if (Date.now() > until) {
      mark(`not converged after ${plan.convergeMs / 1000} s: log backlog ${backlog}, ${behind} devices behind`);
      break;
    }
    await sleep(250);
  }
  mark('converged');
  for (const dev of devices) dev.stop();

  // Postgres: every acknowledged message exactly once, with the acknowledged content.
  const rows = await d.db.sql<
    { conversation_id: string; seq: number; client_msg_id: string; from_device: string; from_user: string }[]
  >`
    select conversation_id, seq, client_msg_id, from_device, from_user from messages`;
  const stored = new Map(rows.map((r) => [`${r.conversation_id}#${r.seq}`, r]));
  let persisted = 0;
  const lostKeys: string[] = [];
  for (const [key, a] of acked) {
    const r = stored.get(key);
    if (!r) {
      lostKeys.push(key);
      continue;
    }
    if (r.client_msg_id !== a.clientMsgId || r.from_user !== a.from || r.from_device !== a.deviceId) {
      violations.push(
        `${key} stored as ${r.client_msg_id} from ${r.from_user}/${r.from_device}, acknowledged as ${a.clientMsgId} from ${a.from}/${a.deviceId}`,
      );
    }
    persisted++;
  }
  const twice = await d.db
    .sql`select conversation_id, from_device, client_msg_id from messages group by 1, 2, 3 having count(*) > 1`;
  for (const t of twice) violations.push(`stored twice: ${JSON.stringify(t)}`);
  const storedTwice = twice.length;
  const ackedIds = new Set([...acked.values()].map((a) => `${a.conversationId}|${a.deviceId}|${a.clientMsgId}`));
  const persistedUnacknowledged = rows.filter(
    (r) => !ackedIds.has(`${r.conversation_id}|${r.from_device}|${r.client_msg_id}`),
  ).length;
  if (lostKeys.length)
    violations.push(`acknowledged but not in Postgres: ${lostKeys.length} (${lostKeys.slice(0, 5).join(', ')})`);

  // Devices: every owed message, in seq order per conversation as the stream delivered them.
  let deliveriesExpected = 0;
  let delivered = 0;
  let deliveredByReload = 0;
  let missing = 0;
  for (const dev of devices) {
    const owed = expectedFor(dev);
    deliveriesExpected += owed.length;
    for (const [key, a] of owed) {
      const got = dev.seen.get(key);
      if (!got) {
        missing++;
        continue;
      }
      delivered++;
      if (got.via === 'reload') deliveredByReload++;
      if (got.clientMsgId !== a.clientMsgId)
        violations.push(`${dev.label} got ${key} as ${got.clientMsgId}, acknowledged as ${a.clientMsgId}`);
    }
    const gaps = missingOn(dev);
    if (gaps.length)
      violations.push(
        `${dev.label} (${dev.transport}) misses ${gaps.length} messages, e.g. ${gaps
          .slice(0, 3)
          .map(([k]) => k)
          .join(', ')}`,
      );
    for (const [conv, seqs] of dev.streamOrder) {
      const bad = seqs.findIndex((s, i) => i > 0 && s <= seqs[i - 1]!);
      if (bad > 0)
        violations.push(`${dev.label} (${dev.transport}) got ${conv} out of order: ${seqs[bad - 1]} then ${seqs[bad]}`);
    }
    for (const a of dev.anomalies.slice(0, 3)) violations.push(`${dev.label} (${dev.transport}): ${a}`);
  }
  // No seq issued twice per conversation, and none skipped: each conversation's seqs are 1..n in Postgres.
  const byConv = new Map<string, number[]>();
  for (const r of rows) byConv.set(r.conversation_id, [...(byConv.get(r.conversation_id) ?? []), r.seq]);
  for (const [conv, seqs] of byConv) {
    seqs.sort((x, y) => x - y);
    if (seqs.some((s, i) => s !== i + 1))
      violations.push(`${conv}: stored seqs are not 1..${seqs.length} (holes or repeats)`);
  }

  const sum = (f: (x: Device) => number) => devices.reduce((n, x) => n + f(x), 0);
  const pct = (xs: number[], p: number) =>
    xs.length ? [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]! : 0;
  const times = devices.flatMap((x) => x.sendTimes);
  const outage = pgDown as { from: number; to: number } | null;
  const duringPg = outage ? times.filter((t) => t.at >= outage.from && t.at <= outage.to).map((t) => t.ms) : [];
  const report: ChaosReport = {
    mode,
    durationMs: Date.now() - t0,
    timeline,
    sent,
    acknowledged: acked.size,
    persisted,
    persistedUnacknowledged,
    deliveriesExpected,
    delivered,
    deliveredByReload,
    duplicatesSeen: sum((x) => x.duplicates),
    lost: lostKeys.length,
    storedTwice,
    missingOnDevices: missing,
    sendRetries: sum((x) => x.retries),
    gateMoves: sum((x) => x.moves),
    cursorExpiries: sum((x) => x.expiries),
    acknowledgedDuringPgOutage: ackedDuringPgOutage,
    crashes: [...d.crashes],
    sendMs: {
      p50: pct(
        times.map((t) => t.ms),
        50,
      ),
      p99: pct(
        times.map((t) => t.ms),
        99,
      ),
      max: pct(
        times.map((t) => t.ms),
        100,
      ),
    },
    sendMsDuringPgOutage: { p50: pct(duringPg, 50), p99: pct(duringPg, 99), max: pct(duringPg, 100) },
    violations,
  };
  return report;
}

/** The figures of a report, one line each. */
export function formatReport(r: ChaosReport): string {
  return [
    `chaos (${r.mode}) in ${(r.durationMs / 1000).toFixed(1)} s`,
    `  messages sent          ${r.sent}`,
    `  acknowledged           ${r.acknowledged}`,
    `  persisted (of acked)   ${r.persisted}   (+${r.persistedUnacknowledged} stored whose ack never reached the sender)`,
    `  delivered              ${r.delivered} of ${r.deliveriesExpected} owed to devices (${r.deliveredByReload} by REST reload after cursor_expired)`,
    `  duplicates seen        ${r.duplicatesSeen}   (dropped by clients by conversationId+seq)`,
    `  lost                   ${r.lost}   (acknowledged, not in Postgres: Redis durability window)`,
    `  stored twice           ${r.storedTwice}`,
    `  missing on devices     ${r.missingOnDevices}`,
    `  send retries           ${r.sendRetries}, gate moves ${r.gateMoves}, cursor_expired ${r.cursorExpiries}, acknowledged while Postgres was down ${r.acknowledgedDuringPgOutage}`,
    `  send → ack             p50 ${r.sendMs.p50} ms, p99 ${r.sendMs.p99} ms, max ${r.sendMs.max} ms; while Postgres was away p50 ${r.sendMsDuringPgOutage.p50} ms, p99 ${r.sendMsDuringPgOutage.p99} ms, max ${r.sendMsDuringPgOutage.max} ms`,
    `  processes that died    ${r.crashes.length} (started again each time)${crashSummary(r.crashes)}`,
    `  violations             ${r.violations.length}${r.violations.length ? '\n    ' + r.violations.slice(0, 20).join('\n    ') : ''}`,
  ].join('\n');
}

/** Crashes grouped by role and reason: `writer × 10: failed to start: …`. */
function crashSummary(crashes: ChaosReport['crashes']): string {
  const groups = new Map<string, number>();
  for (const c of crashes) {
    const key = `${c.name.replace(/-?\d+(-\d+)?$/, '').replace(/\d+$/, '')}: ${c.why.replace(/127\.0\.0\.1:\d+/g, '<postgres>')}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups].map(([k, n]) => `\n    ${n} × ${k}`).join('');
}
