/** How long a draining gate waits for its live connections to close before it cuts what is left. */
export const DRAIN_CLOSE_WAIT_MS = 2_000;

/** Resolves once every connection is closed, or after DRAIN_CLOSE_WAIT_MS (the timer keeps nothing alive). */
export async function closedOrTimeUp(conns: ReadonlyArray<{ readonly done: Promise<void> }>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<void>((r) => {
    timer = setTimeout(r, DRAIN_CLOSE_WAIT_MS);
    timer.unref();
  });
  await Promise.race([Promise.all(conns.map((c) => c.done)), timeUp]);
  clearTimeout(timer);
}
