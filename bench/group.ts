import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { TransportName } from '../client/index.js';
import type { Options } from './lib/args.js';
import { clientFor, startCluster, startClients } from './lib/ours.js';
import { openAll, oursLongPoll, oursSse, oursWs, type RawClient } from './lib/raw.js';
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
import { seedFriendships, seedGroup, seedUsers, type SeedUser } from './lib/seed.js';
import { onCleanup, trackChild } from './lib/cleanup.js';
import { Samples, round, sleep, waitFor } from './lib/stats.js';

/** One group size: delivery latency and what a message costs Redis. */
export interface GroupSize {
  members: number;
  online: number;
  onlineByTransport: Record<TransportName, number>;
  /** The members' clients: protocol-level (bench/lib/raw.ts) or the client library (`--clients library`). */
  clients: 'raw' | 'library';
  repeats: number;
  /** Send until the last online member has it: p50 and p99 over the repeats. */
  p50Ms: number;
  p99Ms: number;
  /**
   * Redis CPU per group message (µs), over a burst of back-to-back sends until every online member has
   * them all, less Redis's own rate while idle just before. The gates of this benchmark use a Redis
   * server of their own (started for it, append-only file with `everysec`), so no other work is counted.
   */
  redisCpuUsPerMsg: number;
  /** The same for direct messages from the sender to one online friend, measured beside it. */
  directRedisCpuUsPerMsg: number;
  /** Commands Redis ran per message in each burst (a script's own calls included). */
  redisCommandsPerMsg: { group: Record<string, number>; direct: Record<string, number> };
  /** Per repeat: send until the last online member has the message. */
  lastMember: ReturnType<Samples['summary']>;
  /** Every single delivery (member × repeat). */
  anyMember: ReturnType<Samples['summary']>;
  byTransport: Record<string, ReturnType<Samples['summary']>>;
  /** Send until the sender's ack. */
  ack: ReturnType<Samples['summary']>;
  missed: number;
  persisted: { expected: number; stored: number; ok: boolean };
  /** CPU by process over the measured sends (`redis-server` counts every Redis server on the machine). */
  cpu: CpuReport;
  profiles?: Record<string, ProfileSummary>;
}

/** Every size, and the first size's figures at the top level too (as before there were several sizes). */
export interface GroupResult extends GroupSize {
  name: 'group';
  quick: boolean;
  machine: Awaited<ReturnType<typeof machineInfo>>;
  machineBusyBeforeRun: number;
  /** Every size measured (1,000 members / 100 online and 5,000 / 500 unless `--members` names one). */
  sizes: GroupSize[];
  markdown: string;
}

/** Redis's own CPU so far, in µs (INFO cpu: getrusage, microsecond resolution). */
async function redisCpuUs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const v = (k: string) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return (v('used_cpu_user') + v('used_cpu_sys')) * 1e6;
}

/** Calls so far of each command Redis ran (INFO commandstats; a script's own calls count too). */
async function commandCalls(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const calls = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(m[1]!, Number(m[2]));
  return calls;
}

/**
 * Redis CPU per message over `n` sends made by `send(i)` until `done(i)` holds for every one, less
 * Redis's idle rate measured over a second just before; and the commands Redis ran per message then
 * (the idle second's commands not taken off: they are the writer's and the gates' few polls).
 */
async function redisCostPerMsg(
  redis: Redis,
  n: number,
  send: (i: number) => Promise<unknown>,
  done: (i: number) => boolean,
): Promise<{ cpuUs: number; commands: Record<string, number> }> {
  const idle0 = await redisCpuUs(redis);
  const i0 = performance.now();
  await sleep(1000);
  const idleRate = (await redisCpuUs(redis)) - idle0;
  const idleMs = performance.now() - i0;
  const calls0 = await commandCalls(redis);
  const c0 = await redisCpuUs(redis);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await send(i);
  await waitFor(() => Array.from({ length: n }, (_, i) => i).every(done), 30_000, 2);
  const used = (await redisCpuUs(redis)) - c0;
  const wall = performance.now() - t0;
  const calls1 = await commandCalls(redis);
  const commands: Record<string, number> = {};
  for (const [cmd, c] of calls1) {
    // The two INFO calls of this measure are not the workload's.
    const d = c - (calls0.get(cmd) ?? 0) - (cmd === 'info' ? 2 : 0);
    if (d > 0) commands[cmd] = round(d / n, 2);
  }
  return { cpuUs: Math.max(0, used - (idleRate * wall) / idleMs) / n, commands };
}

/** `{xadd: 2, publish: 1.5}` as `xadd 2, publish 1.5`, most first. */
function commandList(c: Record<string, number>): string {
  return (
    Object.entries(c)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${fmt(v, 2)}`)
      .join(', ') || '–'
  );
}

/**
 * One message to a group of `members` with 10 % of them online over a mix of transports (WebSocket,
 * SSE, long-poll, spread over two gates): the time from the send until the last online member has it,
 * over `repeats` sends one after the other; then Redis CPU per message in a burst of group messages
 * and of direct messages. Without `--members`, 1,000 members / 100 online and 5,000 / 500.
 */
export async function run(o: Options): Promise<GroupResult> {
  const one = o.num('members', 0, 0);
  const plan: Array<[number, number]> = one
    ? [[one, o.num('online', Math.round(one / 10), Math.round(one / 10))]]
    : [
        [1000, 100],
        [5000, 500],
      ];
  const repeats = o.num('repeats', 20, 100);
  const burst = o.num('burst', 50, 200);
  const gapMs = o.num('gap', 100, 250);
  const profile = o.flag('profile');
  // `--fanout-limit n` sets the gates' GROUP_FANOUT_LIMIT (e.g. 100000: every group fanned out on write,
  // to compare); `--transports ws` puts every online member on one transport (or a list, shared equally).
  const fanoutLimit = o.get('fanout-limit');
  const transports = (o.get('transports') ?? '').split(',').filter(Boolean) as TransportName[];
  // Members are protocol-level clients (bench/lib/raw.ts) unless `--clients library`: hundreds of
  // client-library clients in this one process spend more CPU per delivery than the gates do, and
  // the last member's latency then measures this process's queue of them.
  const clients = o.get('clients') === 'library' ? 'library' : 'raw';
  const env: Record<string, string> = fanoutLimit ? { GROUP_FANOUT_LIMIT: fanoutLimit } : {};
  const quietBefore = await machineBusyShare(1000);
  const own = await privateRedis();
  const redis = new Redis(own.url, { maxRetriesPerRequest: 2 });
  const sizes: GroupSize[] = [];
  const parts: string[] = [];
  try {
    for (const [members, online] of plan) {
      const r = await runSize(
        redis,
        own.url,
        env,
        transports,
        clients,
        members,
        online,
        repeats,
        burst,
        gapMs,
        profile,
      );
      sizes.push(r.size);
      parts.push(r.markdown);
    }
  } finally {
    redis.disconnect();
    await own.stop();
  }
  const summary = table(
    ['members', 'online', 'p50 ms', 'p99 ms', 'Redis µs / group msg', 'Redis µs / direct msg', 'ratio'],
    sizes.map((s) => [
      s.members,
      s.online,
      round(s.p50Ms),
      round(s.p99Ms),
      round(s.redisCpuUsPerMsg, 0),
      round(s.directRedisCpuUsPerMsg, 0),
      s.directRedisCpuUsPerMsg > 0 ? round(s.redisCpuUsPerMsg / s.directRedisCpuUsPerMsg, 2) : '–',
    ]),
  );
  const markdown = [
    '### Group sizes (send → last online member; Redis CPU per message)',
    '',
    summary,
    '',
    'Targets: p99 ≤ 10 ms at 1,000/100 and ≤ 20 ms at 5,000/500; Redis CPU per group message within 3× a direct message.',
    ...parts.map((p) => `\n${p}`),
  ].join('\n');
  const result: GroupResult = {
    ...sizes[0]!,
    name: 'group',
    quick: o.quick,
    machine: await machineInfo(),
    machineBusyBeforeRun: round(quietBefore, 3),
    sizes,
    markdown,
  };
  writeResult('group', result, markdown);
  if (quietBefore > 0.15) console.log(`  note: the machine was ${pct(quietBefore)} busy before the run started`);
  return result;
}

/** A free loopback port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A Redis server for this benchmark alone (its CPU is then the benchmark's), removed at the end. */
async function privateRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'im-bench-redis-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes'],
    { stdio: 'ignore' },
  );
  trackChild(child);
  const stop = onCleanup('stop the benchmark Redis', async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const url = `redis://127.0.0.1:${port}`;
  // Until the server listens, the client reconnects (every 100 ms, for up to 5 s) and the ping waits.
  const probe = new Redis(url, { maxRetriesPerRequest: 50, retryStrategy: (n) => (n > 50 ? null : 100) });
  probe.on('error', () => {});
  try {
    await probe.ping();
  } finally {
    probe.disconnect();
  }
  return { url, stop };
}

async function runSize(
  redis: Redis,
  redisUrl: string,
  env: Record<string, string>,
  transports: TransportName[],
  clients: 'raw' | 'library',
  members: number,
  online: number,
  repeats: number,
  burst: number,
  gapMs: number,
  profile: boolean,
): Promise<{ size: GroupSize; markdown: string }> {
  const mix: Array<[TransportName, number]> = transports.length
    ? transports.map((t) => [t, 1 / transports.length])
    : [
        ['ws', 0.5],
        ['sse', 0.25],
        ['longpoll', 0.25],
      ];
  console.log(
    `\n## group — ${members} members, ${online} online (${mix.map(([t, x]) => `${t} ${pct(x)}`).join(', ')} over 2 gates, ${clients === 'raw' ? 'protocol-level' : 'client-library'} clients), ${repeats} sends${env.GROUP_FANOUT_LIMIT ? `, GROUP_FANOUT_LIMIT ${env.GROUP_FANOUT_LIMIT}` : ''}`,
  );
  const cluster = await startCluster({
    gates: 2,
    writer: 'inline',
    name: 'group',
    extraEnv: { REDIS_URL: redisUrl, ...env },
  });
  try {
    const users = await seedUsers(cluster.db.sql, members, 'g');
    const sender = users[0]!;
    const groupId = await seedGroup(cluster.db.sql, sender, users);
    // The direct-message reference: the sender and the first online member are friends.
    await seedFriendships(cluster.db.sql, [[sender, users[1]!]]);

    // The sender is on gate a over WebSocket; the online members follow, alternating gates.
    const onlineUsers = users.slice(1, 1 + online);
    const plan: Array<{ user: SeedUser; url: string; transport: TransportName }> = [];
    let k = 0;
    for (const [transport, share] of mix) {
      const count = transport === mix.at(-1)![0] ? online - k : Math.round(online * share);
      for (let j = 0; j < count && k < online; j++, k++)
        plan.push({ user: onlineUsers[k]!, url: cluster.gates[k % 2]!.url, transport });
    }
    const closers: Array<() => Promise<void>> = [];
    try {
      // The sender, like the members, is a protocol-level client unless `--clients library`; a second
      // connection of theirs sends the direct messages to the first online member (their friend).
      let sendGroupText: (content: string) => Promise<unknown>;
      let sendDirectText: (content: string) => Promise<unknown>;
      if (clients === 'raw') {
        const url = cluster.gates[0]!.url;
        const opened = await openAll(2, (i) => oursWs(url, sender, i === 0 ? { groupId } : users[1]!));
        closers.push(opened.close);
        sendGroupText = opened.clients[0]!.send;
        sendDirectText = opened.clients[1]!.send;
      } else {
        const senderClient = clientFor(cluster.gates[0]!.url, sender, 'ws');
        closers.push(await startClients([senderClient], 'ws'));
        sendGroupText = (content) => senderClient.send({ kind: 'group', to: groupId, contentType: 'text', content });
        sendDirectText = (content) =>
          senderClient.send({ kind: 'direct', to: users[1]!.id, contentType: 'text', content });
      }
      // Each member reports every message (its content) it receives.
      const receivers: Array<{ transport: TransportName; onMessage(cb: (content: string) => void): void }> = [];
      if (clients === 'raw') {
        const open: Record<TransportName, (url: string, u: SeedUser) => Promise<RawClient>> = {
          ws: oursWs,
          sse: oursSse,
          longpoll: oursLongPoll,
        };
        const opened = await openAll(plan.length, (i) => open[plan[i]!.transport](plan[i]!.url, plan[i]!.user));
        closers.push(opened.close);
        opened.clients.forEach((c, i) => receivers.push({ transport: plan[i]!.transport, onMessage: c.onMessage }));
      } else {
        for (const [transport] of mix) {
          const group = plan.filter((p) => p.transport === transport);
          const made = group.map((p) => clientFor(p.url, p.user, transport));
          closers.push(await startClients(made, transport));
          for (const c of made)
            receivers.push({ transport, onMessage: (cb) => c.on('message', (e) => cb(e.data.content)) });
        }
      }

      // Every receiver records when each message (by its content tag) reached it.
      const got = new Map<string, number[]>();
      const gotBy = new Map<string, Array<{ transport: TransportName; at: number }>>();
      for (const r of receivers) {
        r.onMessage((content) => {
          const tag = content.split('|')[0]!;
          const at = performance.now();
          (got.get(tag) ?? got.set(tag, []).get(tag)!).push(at);
          (gotBy.get(tag) ?? gotBy.set(tag, []).get(tag)!).push({ transport: r.transport, at });
        });
      }
      const sendGroup = (tag: string) => sendGroupText(`${tag}|${'x'.repeat(100)}`);

      const last = new Samples();
      const any = new Samples();
      const ack = new Samples();
      const perTransport: Record<string, Samples> = Object.fromEntries(mix.map(([t]) => [t, new Samples()]));
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
        await sendGroup(tag);
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
            `[group ${members}] ${i + 1}/${repeats}  last member ${fmt(Math.max(...times) - t0)} ms  (p50 so far ${fmt(last.pct(50))} ms)`,
          );
        }
        await sleep(gapMs);
      }
      const cpuReport = await cpu.end();
      const profiles = profile ? await stopProfiles(cluster.procs, `group-${members}`) : {};
      progressDone();

      // Redis CPU per message: a burst of group messages, then one of direct messages to a friend.
      progress(`[group ${members}] Redis CPU: ${burst} group messages`);
      const groupCost = await redisCostPerMsg(
        redis,
        burst,
        (i) => sendGroup(`b${i}`),
        (i) => (got.get(`b${i}`)?.length ?? 0) >= receivers.length,
      );
      acked += burst;
      // The first online member is the sender's friend: direct messages `d<i>` reach them (and are
      // recorded like any other content).
      progress(`[group ${members}] Redis CPU: ${burst} direct messages`);
      const directCost = await redisCostPerMsg(
        redis,
        burst,
        (i) => sendDirectText(`d${i}`),
        (i) => (got.get(`d${i}`)?.length ?? 0) > 0,
      );
      acked += burst;
      progressDone();
      // The cluster's own backlog probe watches the shared Redis: wait for the rows instead.
      await waitFor(async () => (await cluster.storedMessages()) >= acked, 30_000, 50);
      const stored = await cluster.storedMessages();

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
        `Redis CPU per message (${burst} back-to-back, less Redis's idle rate): group ${fmt(groupCost.cpuUs, 0)} µs, direct ${fmt(directCost.cpuUs, 0)} µs.`,
        `Redis commands per message (a script's own calls included): group: ${commandList(groupCost.commands)}; direct: ${commandList(directCost.commands)}.`,
        `Missed deliveries: ${missed}. Messages in Postgres: ${stored}/${acked}.`,
        '',
        'CPU over the measured sends:',
        '',
        cpuTable(cpuReport),
        '',
        SHARED_MACHINE_NOTE,
        ...Object.entries(profiles).map(([name, p]) => `\n${profileMarkdown(name, p)}`),
      ].join('\n');
      const size: GroupSize = {
        members,
        online: receivers.length,
        onlineByTransport,
        clients,
        repeats,
        p50Ms: lastS.p50Ms,
        p99Ms: lastS.p99Ms,
        redisCpuUsPerMsg: round(groupCost.cpuUs, 1),
        directRedisCpuUsPerMsg: round(directCost.cpuUs, 1),
        redisCommandsPerMsg: { group: groupCost.commands, direct: directCost.commands },
        lastMember: lastS,
        anyMember: any.summary(),
        byTransport: Object.fromEntries(Object.entries(perTransport).map(([t, s]) => [t, s.summary()])),
        ack: ack.summary(),
        missed,
        persisted: { expected: acked, stored, ok: stored === acked },
        cpu: cpuReport,
        ...(profile ? { profiles } : {}),
      };
      return { size, markdown };
    } finally {
      for (const c of closers) await c();
    }
  } finally {
    await cluster.close();
  }
}
