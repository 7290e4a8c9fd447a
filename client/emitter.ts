/** A minimal typed event emitter: `on` returns its own unsubscribe function. */
export class Emitter<M extends { [K in keyof M]: unknown }> {
  private readonly listeners = new Map<keyof M, Set<(payload: never) => void>>();

  constructor(private readonly onListenerError: (err: unknown) => void = (err) => console.error(err)) {}

  on<K extends keyof M>(type: K, fn: (payload: M[K]) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(fn as (payload: never) => void);
    return () => this.off(type, fn);
  }

  off<K extends keyof M>(type: K, fn: (payload: M[K]) => void): void {
    this.listeners.get(type)?.delete(fn as (payload: never) => void);
  }

  /** Calls every listener synchronously, in order; one that throws does not stop the others. */
  emit<K extends keyof M>(type: K, payload: M[K]): void {
    const set = this.listeners.get(type);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        (fn as (p: M[K]) => void)(payload);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}
