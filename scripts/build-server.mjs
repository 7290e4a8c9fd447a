#!/usr/bin/env node
// Compiles the gateway (src/), the client library (client/) and the benchmarks (bench/) to plain
// JavaScript under dist/, file by file with esbuild: `npm start` and the benchmarks run that, with no
// TypeScript loader in the process (tsx also wraps every closure it creates to keep its name, which
// costs CPU and memory per connection and per message). Tests keep running the sources through tsx.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The .ts files (and generated .js) under `dir`, relative to the root; bench results are skipped. */
function sources(dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'results' ? [] : sources(rel);
    return /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

const started = Date.now();
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['src', 'client', 'bench'].flatMap(sources),
  outdir: 'dist',
  outbase: '.',
  format: 'esm',
  platform: 'node',
  target: `node${process.versions.node.split('.')[0]}`,
  sourcemap: 'linked',
  logLevel: 'warning',
});
if (!process.argv.includes('--quiet')) console.log(`built dist/ in ${Date.now() - started} ms`);
