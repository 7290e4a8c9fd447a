import type { ChildProcess } from 'node:child_process';

/**
 * Everything a benchmark starts is registered here and undone at the end — on success, on error,
 * on Ctrl-C and when the run's deadline passes: child processes are killed (by their own pid),
 * test databases dropped, Redis key prefixes deleted.
 */
type Task = { name: string; fn: () => Promise<void> | void };

const tasks: Task[] = [];
const children = new Set<ChildProcess>();
let cleaning: Promise<void> | null = null;

/** Registers an async undo step; returns a function that runs it now (and unregisters it). */
export function onCleanup(name: string, fn: () => Promise<void> | void): () => Promise<void> {
  const task = { name, fn };
  tasks.push(task);
  return async () => {
    const i = tasks.indexOf(task);
    if (i < 0) return;
    tasks.splice(i, 1);
    await runTask(task);
  };
}

/** Tracks a child process so that it is killed whatever happens to this one. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

async function runTask(t: Task): Promise<void> {
  try {
    await Promise.race([Promise.resolve(t.fn()), new Promise((r) => setTimeout(r, 15_000).unref())]);
  } catch (err) {
    console.error(`# cleanup "${t.name}" failed: ${(err as Error).message}`);
  }
}

/** Kills every tracked child: SIGTERM, then SIGKILL after `graceMs`. */
export async function killChildren(graceMs = 3000): Promise<void> {
  const alive = [...children].filter((c) => c.exitCode === null && c.signalCode === null);
  for (const c of alive) c.kill('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const c of alive) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** Runs every registered step (last registered first) and kills the children. Idempotent. */
export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    await killChildren();
    while (tasks.length) await runTask(tasks.pop()!);
  })();
  return cleaning;
}

process.on('exit', () => {
  // Last resort (synchronous): no child outlives the run.
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
});

let signalled = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    if (signalled) process.exit(130);
    signalled = true;
    console.error(`\n# ${sig}: stopping, cleaning up`);
    void cleanupAll().finally(() => process.exit(130));
  });
}

/**
 * Runs `fn` as the whole program: a hard deadline (the run stops by itself), cleanup always, and
 * an exit code (0 ok, 1 error, 3 deadline).
 */
export async function runMain(fn: () => Promise<void>, deadlineMs: number): Promise<never> {
  let code = 0;
  const deadline = setTimeout(() => {
    console.error(`# deadline of ${Math.round(deadlineMs / 1000)} s passed: stopping`);
    void cleanupAll().finally(() => process.exit(3));
  }, deadlineMs);
  deadline.unref();
  try {
    await fn();
  } catch (err) {
    console.error(`# benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    code = 1;
  } finally {
    clearTimeout(deadline);
    await cleanupAll();
  }
  process.exit(code);
}
