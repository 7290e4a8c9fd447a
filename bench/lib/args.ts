/** Command-line options shared by every benchmark: `--name value`, `--name=value`, `--flag`. */
export interface Options {
  /** Short runs with small counts (the `quick` suite). */
  quick: boolean;
  get(name: string): string | undefined;
  num(name: string, quick: number, full: number): number;
  str(name: string, quick: string, full: string): string;
  flag(name: string): boolean;
}

export function parseArgs(argv: readonly string[]): { positional: string[]; options: Options } {
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) values.set(a.slice(2, eq), a.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) values.set(a.slice(2), argv[++i]!);
    else values.set(a.slice(2), 'true');
  }
  return { positional, options: makeOptions(values, values.get('quick') === 'true') };
}

export function makeOptions(values: Map<string, string>, quick: boolean): Options {
  return {
    quick,
    get: (n) => values.get(n),
    num(n, q, f) {
      const v = values.get(n);
      if (v === undefined) return quick ? q : f;
      const x = Number(v);
      if (!Number.isFinite(x)) throw new Error(`--${n}: not a number: ${v}`);
      return x;
    },
    str: (n, q, f) => values.get(n) ?? (quick ? q : f),
    flag: (n) => values.get(n) === 'true',
  };
}

/** The same options with `quick` forced on or off (the suites). */
export function withQuick(o: Options, quick: boolean, overrides: Record<string, string> = {}): Options {
  const values = new Map<string, string>();
  return {
    ...makeOptions(values, quick),
    get: (n) => overrides[n] ?? o.get(n),
    num(n, q, f) {
      const v = overrides[n] ?? o.get(n);
      if (v === undefined) return quick ? q : f;
      return Number(v);
    },
    str: (n, q, f) => overrides[n] ?? o.get(n) ?? (quick ? q : f),
    flag: (n) => (overrides[n] ?? o.get(n)) === 'true',
  };
}
