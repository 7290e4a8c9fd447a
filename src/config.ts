import { z } from 'zod';
import { MIN_SECRET_LENGTH } from './auth/secret.js';

// Every setting of the gateway, read from environment variables and validated once at start (one
// zod schema gives the types and the messages). A bad value stops the process with a message naming
// the variable, never a stack trace. The README's configuration table documents each one.

/** A yes/no variable, in any of the spellings shells and orchestrators use. */
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().min(0);
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0),
);

/** `host:port,host:port`: the seed nodes of a Redis Cluster (any reachable one reveals the rest). */
const hostPorts = list.pipe(
  z
    .array(
      z
        .string()
        .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):\d{1,5}$/, 'expected host:port entries separated by commas')
        .transform((hp) => {
          const i = hp.lastIndexOf(':');
          return { host: hp.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(hp.slice(i + 1)) };
        })
        .refine((n) => n.port > 0 && n.port < 65536, 'port out of range'),
    )
    .min(1, 'at least one host:port'),
);

const schema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  /** A streaming replica of DATABASE_URL: history pages and conversation lists are read there when it is fresh enough. */
  DATABASE_READ_URL: z.string().url().optional(),
  /** Hash partitions of the messages table, fixed when the table is created (default 8); a later different value is refused. */
  MESSAGE_PARTITIONS: z.coerce.number().int().min(1).max(1024).optional(),
  /** Messages older than this many days are deleted by the writer (unset: kept for ever). */
  MESSAGE_RETENTION_DAYS: positiveInt.optional(),
  REDIS_URL: z.string().url().optional(),
  /** Redis Cluster seeds; when set the gateway runs in cluster mode and REDIS_URL is not used. */
  REDIS_CLUSTER_NODES: hostPorts.optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,40}$/, 'letters, digits and _.:- only')
    .default('im:'),
  DATA_DIR: z.string().min(1).default('./data'),
  JWT_SECRET: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`).optional(),
  PUBLIC_URL: z.string().url().optional(),
  ACCESS_TOKEN_TTL: positiveInt.default(900),
  REFRESH_TOKEN_TTL: positiveInt.default(30 * 24 * 3600),
  /**
   * How long a refresh token just rotated out is still answered, with the pair its rotation issued
   * (two tabs of one browser refreshing at once); 0: never. Reuse after it is theft.
   */
  REFRESH_REUSE_GRACE_MS: nonNegativeInt.max(60_000).default(5000),
  RECALL_WINDOW: positiveInt.default(120),
  MAX_UPLOAD_BYTES: positiveInt.default(10 * 1024 * 1024),
  UPLOAD_QUOTA_BYTES: positiveInt.default(1024 * 1024 * 1024),
  /** Where uploaded bytes live: 'postgres' (chunked rows; any gate serves any file) or 'disk' (DATA_DIR/files; needs a volume every gate shares). */
  FILE_STORE: z.enum(['postgres', 'disk']).default('postgres'),
  MAX_BODY_BYTES: positiveInt.default(64 * 1024),
  INBOX_MAX_LEN: positiveInt.default(10_000),
  INBOX_MAX_AGE_DAYS: positiveInt.default(30),
  DEDUP_TTL: positiveInt.default(24 * 3600),
  /**
   * A group message to more recipients than this is kept once in the group's own stream and read from
   * there by each member (fan-out on read); smaller groups and direct messages go into every inbox.
   */
  GROUP_FANOUT_LIMIT: positiveInt.default(200),
  LOG_SHARDS: z.coerce.number().int().min(1).max(256).default(2),
  WRITER: z.enum(['inline', 'off']).default('inline'),
  WRITER_BATCH: positiveInt.default(2000),
  WRITER_INTERVAL_MS: positiveInt.default(50),
  /** After a batch less than half full, the writer lets entries gather this long before reading the next. */
  WRITER_LINGER_MS: nonNegativeInt.default(20),
  /** A log entry pending this long with one writer is taken over by another (the first is presumed dead). */
  WRITER_CLAIM_IDLE_MS: positiveInt.default(30_000),
  /**
   * A writer renews its liveness in the log every third of this; one not heard of for this long is
   * dead, and another takes over what it held at once (WRITER_CLAIM_IDLE_MS remains the fallback).
   */
  WRITER_LIVENESS_TTL_MS: positiveInt.min(300).default(3000),
  AUTH_RATE_PER_MINUTE: positiveInt.default(20),
  SEND_RATE_PER_SECOND: positiveInt.default(50),
  /** Read markers per user per second (REST and WebSocket together). */
  READ_RATE_PER_SECOND: positiveInt.default(20),
  /** Typing notices per user per second (REST and WebSocket together). */
  TYPING_RATE_PER_SECOND: positiveInt.default(5),
  MAX_CONNECTIONS_PER_USER: positiveInt.default(20),
  MAX_POLLS_PER_USER: positiveInt.default(8),
  PRESENCE_GRACE_MS: nonNegativeInt.default(5000),
  /** How long a gate keeps a user's notice channel subscribed after the user's last connection or poll there ended. */
  NOTICE_LINGER_MS: nonNegativeInt.default(5000),
  /** Origins a browser may open WebSockets from; empty: any. Upgrades without an Origin (non-browser clients) always pass. */
  WS_ALLOWED_ORIGINS: list.prefault(''),
  /** Origins a browser may call the HTTP API from (`*`: any); empty: same origin only (no CORS headers). */
  CORS_ORIGINS: list
    .pipe(z.array(z.string().regex(/^(\*|https?:\/\/[^\s/,]+)$/, 'expected * or origins like https://app.example.com')))
    .prefault(''),
  WORD_FILTER_FILE: z.string().optional(),
  AUDIT_RETENTION_DAYS: positiveInt.default(90),
  DRAIN_TIMEOUT_MS: positiveInt.default(10_000),
  TRUST_PROXY: bool.prefault('false'),
  /** When set, GET /metrics needs `Authorization: Bearer <it>`; unset, /metrics is open to whoever reaches the port. */
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces (it travels in an HTTP header)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema>;

/** Thrown when the environment holds a value the gateway cannot run with. */
export class ConfigError extends Error {}

/** Validates `env` and returns the typed configuration; throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  if (parsed.data.DATABASE_READ_URL && !parsed.data.DATABASE_URL) {
    throw new ConfigError(
      'invalid configuration:\n  DATABASE_READ_URL: a replica needs its primary in DATABASE_URL (the embedded engine has none)',
    );
  }
  return parsed.data;
}
