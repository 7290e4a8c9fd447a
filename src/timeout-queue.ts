/** Milliseconds on a monotonic clock, whole (a small integer, not a boxed number, for 12 days of uptime). */
const now = (): number => Math.ceil(performance.now());

/**
 * Items that each time out one fixed duration after they were added, and so in the order they were
 * added: one timer, for the first of them, serves them all (as Node's own timer lists do for timers
 * of one duration, but without a timer object per item). The timer does not hold the process open.
 */
export class TimeoutQueue<T> {
  /** Each item with the time its time is up (`now()`), oldest first. */
  private readonly deadlines = new Map<T, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly ms: number,
    private readonly onTimeout: (item: T) => void,
  ) {}

  /** Adds an item, or starts its time again if it is in the queue already. */
  add(item: T): void {
    this.deadlines.delete(item);
    this.deadlines.set(item, now() + this.ms);
    this.timer ??= this.wait(this.ms);
  }

  /** Takes an item out without timing it out; false when it was not in the queue. */
  delete(item: T): boolean {
    if (!this.deadlines.delete(item)) return false;
    if (this.deadlines.size === 0) this.stop();
    return true;
  }

  /** Times every item out now. */
  flush(): void {
    this.stop();
    for (const item of [...this.deadlines.keys()]) {
      this.deadlines.delete(item);
      this.onTimeout(item);
    }
  }

  /** Forgets every item without timing it out. */
  clear(): void {
    this.stop();
    this.deadlines.clear();
  }

  /** Times out the items whose time is up, then waits for the next one. */
  private expire(): void {
    this.timer = undefined;
    const t = now();
    for (const [item, deadline] of this.deadlines) {
      if (deadline > t) {
        // `??=`: an item timed out just now may have added one, and armed the timer with it.
        this.timer ??= this.wait(deadline - t);
        return;
      }
      this.deadlines.delete(item);
      this.onTimeout(item);
    }
  }

  private wait(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => this.expire(), ms);
    timer.unref();
    return timer;
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
