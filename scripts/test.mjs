#!/usr/bin/env node
// Runs the type-check and the lint (ESLint's typed rules, Prettier's format check), then every
// test/**/*.test.ts through node's own test runner (via tsx).
// Extra arguments are passed to `node --test` (e.g. a file path, or --test-name-pattern=...).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out.sort();
}

if (!process.env.SKIP_TYPECHECK) {
  for (const [what, cmd] of [
    ['type-check', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
    ['lint', ['eslint', '.']],
    ['format check', ['prettier', '--check', '.', '--log-level', 'warn']],
  ]) {
    const r = spawnSync('npx', cmd, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`${what} failed`);
      process.exit(r.status ?? 1);
    }
  }
}

const targets = files.length ? files : find(path.join(root, 'test'));
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=180000', ...flags, ...targets],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
  },
);
process.exit(r.status ?? 1);
