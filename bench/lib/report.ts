import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { ROOT, type CpuReport } from './procs.js';
import { REDIS_URL, storeVersions } from './stores.js';
import { round } from './stats.js';

export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

/**
 * Ceilings of the stores themselves on this kind of machine (the project's performance notes,
 * measured with the stores' own tools). Our figures are reported as a fraction of these.
 */
export const CEILINGS = {
  redisXaddUnpipelinedOps: 93_000,
  redisXaddPipelinedOps: 796_000,
  pgUnnestRowsPerSec1Conn: 160_000,
  pgCopyRowsPerSec1Conn: 200_000,
  pgUnnestRowsPerSec4Conn: 280_000,
} as const;

export const SHARED_MACHINE_NOTE =
  "The load generator, the gate processes, Redis and Postgres all share this machine's CPU cores; the CPU each used is listed, so a figure can be read against what was left for the gateway.";

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  memGiB: number;
  redis: string;
  postgres: string;
  note: string;
}

let machine: Promise<Machine> | undefined;
export function machineInfo(): Promise<Machine> {
  machine ??= storeVersions()
    .catch(() => ({ redis: '?', postgres: '?' }))
    .then((v) => ({
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? '?',
      node: process.version,
      memGiB: round(os.totalmem() / 2 ** 30, 1),
      redis: v.redis,
      postgres: v.postgres,
      note: SHARED_MACHINE_NOTE,
    }));
  return machine;
}

export function fmt(v: number | undefined | null, digits = 1): string {
  if (v === undefined || v === null || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return String(v);
  const s = v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return s === '-0' ? '0' : s;
}

export function pct(v: number): string {
  return `${fmt(v * 100, 1)} %`;
}

/** A Markdown table. */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)));
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...cells.map(line)].join('\n');
}

export function cpuTable(cpu: CpuReport): string {
  return table(
    ['process', 'CPU ms', 'cores used'],
    cpu.processes
      .map((p) => [p.name, p.cpuMs, fmt(p.cores, 2)])
      .concat([['whole machine (busy share of all cores)', '', pct(cpu.machineBusy)]]),
  );
}

/** Writes bench/results/<name>.json and prints the Markdown it was given. */
export function writeResult(name: string, data: object, markdown: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  writeFileSync(path.join(RESULTS_DIR, `${name}.md`), markdown + '\n');
  console.log(`\n${markdown}\n\n(written to ${path.relative(ROOT, file)})`);
  return file;
}

/** Commands Redis processed over a window (INFO stats), to read the load against its ceiling. */
export class RedisMeter {
  private r = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  private c0 = 0;
  private t0 = 0;

  private async commands(): Promise<number> {
    const info = await this.r.info('stats');
    return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
  }

  async begin(): Promise<void> {
    this.c0 = await this.commands();
    this.t0 = performance.now();
  }

  /** Commands per second over the window (this meter's own two INFO calls are negligible). */
  async end(): Promise<{ commands: number; perSec: number; ofPipelinedCeiling: number }> {
    const c = (await this.commands()) - this.c0;
    const s = (performance.now() - this.t0) / 1000;
    this.r.disconnect();
    const perSec = c / s;
    return {
      commands: c,
      perSec: Math.round(perSec),
      ofPipelinedCeiling: round(perSec / CEILINGS.redisXaddPipelinedOps, 3),
    };
  }
}

/** Prints a progress line that overwrites itself on a terminal (and a plain line otherwise). */
export function progress(line: string): void {
  if (process.stdout.isTTY) process.stdout.write(`\r${line.padEnd(100)}`);
  else console.log(line);
}
export function progressDone(): void {
  if (process.stdout.isTTY) process.stdout.write('\n');
}
