import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './procs.js';
import { fmt, table } from './report.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Sampled time outside idle, ms. */
  busyMs: number;
  topFunctions: Array<{ fn: string; where: string; selfMs: number; share: number }>;
  /** Self time grouped by package (node_modules), source file (ours) or runtime part. */
  byArea: Array<{ area: string; selfMs: number; share: number }>;
}

/** Where a frame's code lives: a package, one of our files, a node internal, or a V8 pseudo-frame. */
function areaOf(f: CallFrame): string {
  const u = f.url;
  if (!u) return f.functionName.startsWith('(') ? f.functionName : '(native)';
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = u.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (u.startsWith('node:'))
    return u
      .replace(/^node:internal\//, 'node:')
      .split('/')
      .slice(0, 2)
      .join('/');
  const file = u.replace(/^file:\/\//, '');
  return path.relative(ROOT, file) || file;
}

function whereOf(f: CallFrame): string {
  if (!f.url) return '';
  const area = areaOf(f);
  const base = f.url.split('/').pop();
  return `${area.includes('/') || area.startsWith('node:') ? area : `${area}/${base}`}:${f.lineNumber + 1}`;
}

/** Self time per function and per area from a V8 .cpuprofile. */
export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  const fns = new Map<string, { fn: string; where: string; us: number }>();
  const areas = new Map<string, number>();
  let busy = 0;
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    total += us;
    if (n.callFrame.functionName === '(idle)') continue;
    busy += us;
    const key = `${n.callFrame.functionName}@${n.callFrame.url}:${n.callFrame.lineNumber}`;
    const e = fns.get(key) ?? { fn: n.callFrame.functionName || '(anonymous)', where: whereOf(n.callFrame), us: 0 };
    e.us += us;
    fns.set(key, e);
    const a = areaOf(n.callFrame);
    areas.set(a, (areas.get(a) ?? 0) + us);
  }
  const share = (us: number) => (busy > 0 ? us / busy : 0);
  return {
    file: path.relative(ROOT, file),
    totalMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    topFunctions: [...fns.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({
        fn: e.fn,
        where: e.where,
        selfMs: Math.round(e.us / 1000),
        share: Math.round(share(e.us) * 1000) / 1000,
      })),
    byArea: [...areas.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([area, us]) => ({ area, selfMs: Math.round(us / 1000), share: Math.round(share(us) * 1000) / 1000 })),
  };
}

export function profileMarkdown(name: string, s: ProfileSummary): string {
  return [
    `CPU profile of ${name} (${s.file}): ${fmt(s.busyMs, 0)} ms busy of ${fmt(s.totalMs, 0)} ms sampled`,
    '',
    table(
      ['self time by area', 'ms', 'share of busy'],
      s.byArea.slice(0, 15).map((a) => [a.area, a.selfMs, `${fmt(a.share * 100)} %`]),
    ),
    '',
    table(
      ['function (self time)', 'where', 'ms', 'share'],
      s.topFunctions.map((f) => [f.fn, f.where, f.selfMs, `${fmt(f.share * 100)} %`]),
    ),
  ].join('\n');
}

/** Inclusive time (self + callees) per function whose location contains `filter`, ms, busiest first. */
export function inclusiveTimes(
  file: string,
  filter = 'src/',
  top = 40,
): Array<{ fn: string; where: string; ms: number; share: number }> {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, { fn: string; where: string; us: number }>();
  let busy = 0;
  p.samples.forEach((id, i) => {
    const us = p.timeDeltas[i] ?? 0;
    if (byId.get(id)?.callFrame.functionName === '(idle)') return;
    busy += us;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const where = whereOf(f);
      const key = `${f.functionName}@${where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const e = incl.get(key) ?? { fn: f.functionName || '(anonymous)', where, us: 0 };
      e.us += us;
      incl.set(key, e);
    }
  });
  return [...incl.values()]
    .filter((e) => e.where.includes(filter))
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({
      fn: e.fn,
      where: e.where,
      ms: Math.round(e.us / 1000),
      share: busy ? Math.round((e.us / busy) * 1000) / 1000 : 0,
    }));
}

/** Who calls `fnName` (a native function, typically): self time of it per caller chain. */
export function callersOf(file: string, fnName: string, depth = 8, top = 10): Array<{ ms: number; chain: string }> {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const agg = new Map<string, number>();
  for (const [id, us] of self) {
    if (byId.get(id)?.callFrame.functionName !== fnName) continue;
    const chain: string[] = [];
    for (let cur = parent.get(id); cur !== undefined && chain.length < depth; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      chain.push(`${f.functionName || '(anonymous)'} ${whereOf(f)}`);
    }
    const k = chain.join(' < ');
    agg.set(k, (agg.get(k) ?? 0) + us);
  }
  return [...agg.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([chain, us]) => ({ ms: Math.round(us / 1000), chain }));
}

// Run directly:
//   tsx bench/lib/profile.ts <file.cpuprofile> [top]          self time by area and function
//   tsx bench/lib/profile.ts <file> --inclusive [filter]       inclusive time of functions whose location contains filter (default src/)
//   tsx bench/lib/profile.ts <file> --callers <function>       who calls a (native) function
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!) && process.argv[2]) {
  const [file, mode, arg] = process.argv.slice(2) as [string, string | undefined, string | undefined];
  if (mode === '--inclusive') {
    for (const e of inclusiveTimes(file, arg ?? 'src/', 50))
      console.log(`${String(e.ms).padStart(7)} ms ${(e.share * 100).toFixed(1).padStart(5)} %  ${e.fn}  ${e.where}`);
  } else if (mode === '--callers' && arg) {
    for (const c of callersOf(file, arg, 14)) console.log(`${String(c.ms).padStart(7)} ms  ${c.chain}`);
  } else {
    console.log(profileMarkdown(file, summarizeProfile(file, Number(mode ?? 30))));
  }
}

/** Starts a CPU profile in each gate child (sampling every `intervalUs`). */
export async function startProfiles(
  procs: ReadonlyArray<{ request(r: { cmd: 'profile-start'; intervalUs: number }): Promise<unknown> }>,
  intervalUs = 1000,
): Promise<void> {
  await Promise.all(procs.map((p) => p.request({ cmd: 'profile-start', intervalUs })));
}

/** Stops them, writes bench/results/<proc>-<tag>.cpuprofile and returns each summary. */
export async function stopProfiles(
  procs: ReadonlyArray<{ name: string; request(r: { cmd: 'profile-stop'; path: string }): Promise<unknown> }>,
  tag: string,
): Promise<Record<string, ProfileSummary>> {
  const out: Record<string, ProfileSummary> = {};
  for (const p of procs) {
    const file = path.join(ROOT, 'bench', 'results', `${p.name}${tag ? `-${tag}` : ''}.cpuprofile`);
    await p.request({ cmd: 'profile-stop', path: file });
    out[`${p.name}${tag ? ` (${tag})` : ''}`] = summarizeProfile(file);
  }
  return out;
}
