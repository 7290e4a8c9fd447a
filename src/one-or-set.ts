/**
 * One value, or a Set of several: what a gate keeps per user for its connections, held polls and
 * notice listeners. A user mostly has one of each here, and one object costs far less memory than a
 * Set holding one. The value type must not itself be a Set.
 */
export type OneOrSet<T> = T | Set<T>;

/** `v` with `x` added (an `x` already there is not added twice). */
export function withOne<T>(v: OneOrSet<T> | undefined, x: T): OneOrSet<T> {
  if (v === undefined || v === x) return x;
  if (v instanceof Set) return v.add(x);
  return new Set([v, x]);
}

/** `v` without `x` (undefined once empty), or false when `x` is not there. */
export function withoutOne<T>(v: OneOrSet<T> | undefined, x: T): OneOrSet<T> | undefined | false {
  if (v === x) return undefined;
  if (!(v instanceof Set) || !v.delete(x)) return false;
  return v.size === 1 ? v.values().next().value! : v;
}

/** How many values `v` holds. */
export function countOf<T>(v: OneOrSet<T> | undefined): number {
  return v === undefined ? 0 : v instanceof Set ? v.size : 1;
}

/** The values of `v`, as an array (a copy: callers may change `v` while they walk it). */
export function valuesOf<T>(v: OneOrSet<T> | undefined): T[] {
  return v === undefined ? [] : v instanceof Set ? [...v] : [v];
}

/** Per key, one value or a Set of several (see OneOrSet). */
export class OneOrSetMap<K, V> {
  private readonly map = new Map<K, OneOrSet<V>>();

  /** Adds `v` under `k`. */
  add(k: K, v: V): void {
    this.map.set(k, withOne(this.map.get(k), v));
  }

  /** Removes `v` from under `k`; false when it was not there. */
  delete(k: K, v: V): boolean {
    const rest = withoutOne(this.map.get(k), v);
    if (rest === false) return false;
    if (rest === undefined) this.map.delete(k);
    else this.map.set(k, rest);
    return true;
  }

  /** How many values `k` has. */
  count(k: K): number {
    return countOf(this.map.get(k));
  }

  /** The values under `k` (a copy). */
  get(k: K): V[] {
    return valuesOf(this.map.get(k));
  }

  /** Every value under every key (a copy). */
  all(): V[] {
    return [...this.map.values()].flatMap(valuesOf);
  }
}
