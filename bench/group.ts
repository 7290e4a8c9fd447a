import type { ImClient, TransportName } from '../client/index.js';
import type { Options } from './lib/args.js';
import { clientFor, startCluster, startClients } from './lib/ours.js';
import { CpuMeter, machineBusyShare, type CpuReport } from './lib/procs.js';
import { profileMarkdown, startProfiles, stopProfiles, type ProfileSummary } from './lib/profile.js';
import {
  SHARED_MACHINE_NOTE,
  cpuTable,
  fmt,
  machineInfo,
  pct,
  progress,
  progressDone,
  table,
  writeResult,
} from './lib/report.js';
import { seedGroup, seedUsers } from './lib/seed.js';
import { Samples, round, sleep, waitFor } from './lib/stats.js';

export interface GroupResult {
  name: 'group';
  quick: boolean;
  machine: Awaited<ReturnType<typeof machineInfo>>;
  machineBusyBeforeRun: number;
  members: number;
  online: number;
  onlineByTransport: Record<TransportName, number>;
  repeats: number;
  /** Per repeat: send until the last online member has the message. */
  lastMember: ReturnType<Samples['summary']>;
  /** Every single delivery (member × repeat). */
  anyMember: ReturnType<Samples['summary']>;
  byTransport: Record<string, ReturnType<Samples['summary']>>;
  /** Send until the sender's ack. */
  ack: ReturnType<Samples['summary']>;
  missed: number;
  persisted: { expected: number; stored: number; ok: boolean };
  cpu: CpuReport;
  profiles?: Record<string, ProfileSummary>;
  markdown: string;
}

/**
 * One message to a group of `members` (1,000 by default) with 10 % of them online over a mix of
 * transports (WebSocket, SSE, long-poll, spread over two gates): the time from the send until the
 * last online member has it, over `repeats` sends one after the other.
 */
export async function run(o: Options): Promise<GroupResult> {
  const members = o.num('members', 1000, 1000);
  const online = o.num('online', Math.round(members / 10), Math.round(members / 10));
  const repeats = o.num('repeats', 20, 100);
  const gapMs = o.num('gap', 250, 250);
  const profile = o.flag('profile');
  const mix: Array<[TransportName, number]> = [
    ['ws', 0.5],
    ['sse', 0.25],
    ['longpoll', 0.25],
  ];

  console.log(
    `\n## group — ${members} members, ${online} online (ws/sse/long-poll 50/25/25 % over 2 gates), ${repeats} sends`,
  );
  const quietBefore = await machineBusyShare(1000);
  const cluster = await startCluster({ gates: 2, writer: 'inline', name: 'group' });
  const users = await seedUsers(cluster.db.sql, members, 'g');
  const sender = users[0]!;
  const groupId = await seedGroup(cluster.db.sql, sender, users);

  // The sender is on gate a over WebSocket; the online members follow, alternating gates.
  const senderClient = clientFor(cluster.gates[0]!.url, sender, 'ws');
  const receivers: Array<{ client: ImClient; transport: TransportName }> = [];
  const onlineUsers = users.slice(1, 1 + online);
  let k = 0;
  for (const [transport, share] of mix) {
    const count = transport === 'longpoll' ? online - k : Math.round(online * share);
    for (let j = 0; j < count && k < online; j++, k++)
      receivers.push({ client: clientFor(cluster.gates[k % 2]!.url, onlineUsers[k]!, transport), transport });
  }
  const closeSender = await startClients([senderClient], 'ws');
  const closers: Array<() => Promise<void>> = [closeSender];
  for (const [transport] of mix) {
    closers.push(
      await startClients(
        receivers.filter((r) => r.transport === transport).map((r) => r.client),
        transport,
      ),
    );
  }

  // Every receiver records when each message (by its content tag) reached it.
  const got = new Map<string, number[]>();
  const gotBy = new Map<string, Array<{ transport: TransportName; at: number }>>();
  for (const r of receivers) {
    r.client.on('message', (e) => {
      const tag = e.data.content.split('|')[0]!;
      const at = performance.now();
      (got.get(tag) ?? got.set(tag, []).get(tag)!).push(at);
      (gotBy.get(tag) ?? gotBy.set(tag, []).get(tag)!).push({ transport: r.transport, at });
    });
  }

  const last = new Samples();
  const any = new Samples();
  const ack = new Samples();
  const perTransport: Record<string, Samples> = { ws: new Samples(), sse: new Samples(), longpoll: new Samples() };
  let missed = 0;
  let acked = 0;
  const warmups = 3;
  const cpu = new CpuMeter(cluster.procs, cluster.pgBackends);
  for (let i = -warmups; i < repeats; i++) {
    if (i === 0) {
      await cpu.begin();
      if (profile) await startProfiles(cluster.procs);
    }
    const tag = `m${i + warmups}`;
    const t0 = performance.now();
    await senderClient.send({ kind: 'group', to: groupId, contentType: 'text', content: `${tag}|${'x'.repeat(100)}` });
    const tAck = performance.now();
    acked++;
    const complete = await waitFor(() => (got.get(tag)?.length ?? 0) >= receivers.length, 10_000, 1);
    const times = got.get(tag) ?? [];
    if (i >= 0) {
      ack.add(tAck - t0);
      if (!complete) missed += receivers.length - times.length;
      if (times.length) last.add(Math.max(...times) - t0);
      for (const t of times) any.add(t - t0);
      for (const d of gotBy.get(tag) ?? []) perTransport[d.transport]!.add(d.at - t0);
      progress(
        `[group] ${i + 1}/${repeats}  last member ${fmt(Math.max(...times) - t0)} ms  (p50 so far ${fmt(last.pct(50))} ms)`,
      );
    }
    await sleep(gapMs);
  }
  const cpuReport = await cpu.end();
  const profiles = profile ? await stopProfiles(cluster.procs, 'group') : {};
  progressDone();
  await cluster.drained(30_000);
  const stored = await cluster.storedMessages();
  for (const c of closers) await c();

  const onlineByTransport = Object.fromEntries(
    mix.map(([t]) => [t, receivers.filter((r) => r.transport === t).length]),
  ) as Record<TransportName, number>;
  const lastS = last.summary();
  const markdown = [
    `### Group fan-out — ${members} members, ${online} online (${Object.entries(onlineByTransport)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ')}; 2 gates), ${repeats} sends ${gapMs} ms apart`,
    '',
    table(
      ['measure', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      [
        ['send → last online member has it', lastS.p50Ms, lastS.p95Ms, lastS.p99Ms, lastS.maxMs],
        ['send → each delivery (all members)', any.pct(50), any.pct(95), any.pct(99), any.max()],
        ...Object.entries(perTransport).map(
          ([t, s]) => [`  … over ${t}`, s.pct(50), s.pct(95), s.pct(99), s.max()] as Array<string | number>,
        ),
        ["send → sender's ack", ack.pct(50), ack.pct(95), ack.pct(99), ack.max()],
      ].map((r) => r.map((c) => (typeof c === 'number' ? round(c) : c))),
    ),
    '',
    `Missed deliveries: ${missed}. Messages in Postgres: ${stored}/${acked}. Target: last online member within 100 ms at p99.`,
    '',
    'CPU over the measured sends:',
    '',
    cpuTable(cpuReport),
    '',
    SHARED_MACHINE_NOTE,
    ...Object.entries(profiles).map(([name, p]) => `\n${profileMarkdown(name, p)}`),
  ].join('\n');
  const result: GroupResult = {
    name: 'group',
    quick: o.quick,
    machine: await machineInfo(),
    machineBusyBeforeRun: round(quietBefore, 3),
    members,
    online: receivers.length,
    onlineByTransport,
    repeats,
    lastMember: lastS,
    anyMember: any.summary(),
    byTransport: Object.fromEntries(Object.entries(perTransport).map(([t, s]) => [t, s.summary()])),
    ack: ack.summary(),
    missed,
    persisted: { expected: acked, stored, ok: stored === acked },
    cpu: cpuReport,
    ...(profile ? { profiles } : {}),
    markdown,
  };
  await cluster.close();
  writeResult('group', result, markdown);
  if (quietBefore > 0.15) console.log(`  note: the machine was ${pct(quietBefore)} busy before the run started`);
  return result;
}
