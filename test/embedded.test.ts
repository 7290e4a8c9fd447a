import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { embeddedGate } from './helpers/gate.js';
import { befriend, call, eventually, login, newUser } from './helpers/http.js';

/** What `npm start` runs: the build of the gateway. */
const BUILT_MAIN = 'dist/src/main.js';

describe('embedded engine', () => {
  before(() => {
    const r = spawnSync(process.execPath, ['scripts/build-server.mjs', '--quiet'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
  });

  it('the build npm start runs serves the API and the demo with nothing configured, and stops on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'im-built-'));
    const child = spawn(process.execPath, [BUILT_MAIN, 'serve'], {
      env: {
        ...process.env,
        DATA_DIR: dir,
        PORT: '0',
        HOST: '127.0.0.1',
        REDIS_URL: '',
        DATABASE_URL: '',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const url = await eventually(
        async () => /"url":"(http:[^"]+)"/.exec(out)?.[1],
        60_000,
        'the listening line',
      ).catch((err: Error) => {
        throw new Error(`${err.message}; the gateway wrote:\n${out}`);
      });
      assert.equal((await call(url, 'GET', '/readyz')).status, 200);
      const page = await fetch(`${url}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<title>/);
      const a = await newUser(url, 'ba');
      const b = await newUser(url, 'bb');
      await befriend(url, a, b);
      const sent = await call(url, 'POST', '/v1/messages', {
        token: a.token,
        body: { kind: 'direct', to: b.id, clientMsgId: 'b1', contentType: 'text', content: 'from the build' },
      });
      assert.equal(sent.status, 200);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0, out);
    } finally {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('chats, stops and starts again with history intact and old cursors answered with cursor_expired', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'im-embedded-'));
    try {
      let run = await embeddedGate(dir);
      const a = await newUser(run.url, 'ea');
      const b = await newUser(run.url, 'eb');
      await befriend(run.url, a, b);
      const cursor = (await call(run.url, 'GET', '/v1/sync', { token: b.token })).body.cursor;
      const sent = await call(run.url, 'POST', '/v1/messages', {
        token: a.token,
        body: { kind: 'direct', to: b.id, clientMsgId: 'e1', contentType: 'text', content: 'survives restarts' },
      });
      assert.equal(sent.status, 200);
      const polled = await call(run.url, 'GET', `/v1/sync?cursor=${cursor}&timeout=5`, { token: b.token });
      assert.equal(polled.body.events[0].data.content, 'survives restarts');
      await eventually(
        async () =>
          (await call(run.url, 'GET', `/v1/conversations/${sent.body.conversationId}/messages`, { token: b.token }))
            .body.messages.length === 1,
      );
      await run.gate.stop();
      await run.engine.close();

      run = await embeddedGate(dir);
      try {
        const again = await login(run.url, b.username);
        const hist = await call(run.url, 'GET', `/v1/conversations/${sent.body.conversationId}/messages`, {
          token: again.token,
        });
        assert.deepEqual(
          hist.body.messages.map((m: { content: string }) => m.content),
          ['survives restarts'],
        );
        const old = await call(run.url, 'GET', `/v1/sync?cursor=${polled.body.cursor}`, { token: again.token });
        assert.equal(old.status, 410);
        assert.equal(old.body.error, 'cursor_expired');
        const next = await call(run.url, 'POST', '/v1/messages', {
          token: (await login(run.url, a.username)).token,
          body: { kind: 'direct', to: b.id, clientMsgId: 'e2', contentType: 'text', content: 'after restart' },
        });
        assert.equal(next.body.seq, 2, 'seq continues from what Postgres holds');
      } finally {
        await run.gate.stop();
        await run.engine.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a DATA_DIR that cannot be written stops the start with a clear message, not a stack trace', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'im-baddir-'));
    try {
      const file = path.join(dir, 'not-a-dir');
      await writeFile(file, 'x');
      const r = spawnSync(process.execPath, [BUILT_MAIN, 'serve'], {
        env: { ...process.env, DATA_DIR: path.join(file, 'data'), PORT: '0', REDIS_URL: '', DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /failed to start: .*not-a-dir/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a DATA_DIR/jwt-secret shorter than 32 characters stops the start, naming the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'im-shortsecret-'));
    try {
      const file = path.join(dir, 'jwt-secret');
      await writeFile(file, 'hunter2\n');
      const r = spawnSync(process.execPath, [BUILT_MAIN, 'serve'], {
        env: { ...process.env, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', REDIS_URL: '', DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.ok(r.stderr.includes(`failed to start: ${file}`), r.stderr);
      assert.doesNotMatch(r.stdout, /gateway listening/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad configuration value by name', () => {
    const r = spawnSync(process.execPath, [BUILT_MAIN, 'serve'], {
      env: { ...process.env, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /PORT/);
  });
});
