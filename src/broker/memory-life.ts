/**
 * The open/closed state shared by the memory implementations of one broker: every call after
 * `close` is refused, as calls on a closed Redis connection are, and each part lets go of what it
 * holds (blocked log readers, listeners) when the broker closes.
 */
export class MemoryLife {
  private closed = false;
  private readonly closers: Array<() => void> = [];

  /** Throws once the broker is closed. */
  check(): void {
    if (this.closed) throw new Error('broker closed');
  }

  /** Runs `f` when the broker closes. */
  onClose(f: () => void): void {
    this.closers.push(f);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const f of this.closers) f();
  }
}
