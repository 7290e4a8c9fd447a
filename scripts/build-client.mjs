#!/usr/bin/env node
// Bundles the browser demo (public/src/app.ts and the client library it imports) into
// public/dist/app.js with esbuild. public/dist/ is not committed, so start and test run this first.
//   --check     also type-check the demo (public/tsconfig.json: DOM lib, public/src and client/)
//   --watch     rebuild on change
//   --optional  warn instead of failing when esbuild is not installed (a production install
//               without dev dependencies can still start the gateway; only the demo is missing)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));

let esbuild;
try {
  esbuild = await import('esbuild');
} catch (err) {
  if (!args.has('--optional')) throw err;
  console.warn('esbuild is not installed: the browser demo (public/dist/app.js) is not rebuilt');
  process.exit(0);
}

if (args.has('--check')) {
  const tc = spawnSync('npx', ['tsc', '--noEmit', '-p', 'public/tsconfig.json'], { cwd: root, stdio: 'inherit' });
  if (tc.status !== 0) {
    console.error('demo type-check failed');
    process.exit(tc.status ?? 1);
  }
}

/** @type {import('esbuild').BuildOptions} */
const options = {
  absWorkingDir: root,
  entryPoints: ['public/src/app.ts'],
  outfile: 'public/dist/app.js',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
  sourcemap: true,
  minify: !args.has('--watch'),
  legalComments: 'none',
  logLevel: 'warning',
};

if (args.has('--watch')) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log('watching public/src and client/ …');
} else {
  const result = await esbuild.build({ ...options, metafile: true });
  const out = result.metafile.outputs['public/dist/app.js'];
  console.log(`built public/dist/app.js (${((out?.bytes ?? 0) / 1024).toFixed(1)} KiB)`);
}
