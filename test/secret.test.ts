import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadJwtSecret } from '../src/auth/secret.js';

/**
 * The JWT secret kept in DATA_DIR/jwt-secret: generated once, reused after, and refused when it is
 * too short to sign with (whoever wrote it), with a message naming the file.
 */

async function withDir(f: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'im-secret-'));
  try {
    await f(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the JWT secret file', () => {
  it('is generated once, readable only by its owner, and the same secret is read back on the next start', () =>
    withDir(async (dir) => {
      const first = await loadJwtSecret(undefined, dir);
      assert.ok(first.length >= 32, `a long secret (${first.length} chars)`);
      const file = path.join(dir, 'jwt-secret');
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.equal((await readFile(file, 'utf8')).trim(), first);
      assert.equal(await loadJwtSecret(undefined, dir), first);
    }));

  it('gates starting together on one host agree on one secret', () =>
    withDir(async (dir) => {
      const all = await Promise.all(Array.from({ length: 8 }, () => loadJwtSecret(undefined, dir)));
      assert.equal(new Set(all).size, 1, 'one secret');
      assert.ok(all[0]!.length >= 32);
    }));

  it('is not used when JWT_SECRET is set', () =>
    withDir(async (dir) => {
      await writeFile(path.join(dir, 'jwt-secret'), 'short\n');
      assert.equal(await loadJwtSecret('x'.repeat(40), dir), 'x'.repeat(40));
    }));

  for (const [what, content] of [
    ['shorter than 32 characters', 'too-short-a-secret\n'],
    ['31 characters', `${'s'.repeat(31)}\n`],
    ['empty', ''],
    ['only white space', '   \n\n'],
  ] as const) {
    it(`refuses to start when the file is ${what}, naming the file and the fix`, () =>
      withDir(async (dir) => {
        const file = path.join(dir, 'jwt-secret');
        await writeFile(file, content);
        await assert.rejects(loadJwtSecret(undefined, dir), (err: Error) => {
          assert.ok(err.message.includes(file), `names ${file}: ${err.message}`);
          assert.match(err.message, /32 characters/);
          assert.match(err.message, /JWT_SECRET|delete/);
          return true;
        });
        assert.equal(await readFile(file, 'utf8'), content, 'the file is left as it was');
      }));
  }

  it('accepts a file of exactly 32 characters', () =>
    withDir(async (dir) => {
      await writeFile(path.join(dir, 'jwt-secret'), `${'k'.repeat(32)}\n`);
      assert.equal(await loadJwtSecret(undefined, dir), 'k'.repeat(32));
    }));
});
