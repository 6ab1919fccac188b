import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './event-file.js';
import { DEFAULT_EVENT_FILE } from './paths.js';

/** Express `trust proxy`: false, a hop count, or addresses and subnets (comma-separated). */
export type TrustProxy = number | string | false;

export interface ServerConfig {
  port: number;
  /** Undefined: every interface. */
  host: string | undefined;
  dataDir: string;
  /** Defaults to the 2024 World Intelligence Expo in Tianjin. */
  eventFile: string;
  adminPassword: string | undefined;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  trustProxy: TrustProxy;
  /** Start on the rehearsal data set (until an admin goes live). */
  rehearsal: boolean;
  /** Prometheus metrics on 127.0.0.1 at this port; undefined: no metrics server. */
  metricsPort: number | undefined;
  /** Sites whose pages may frame `/embed/*`; empty: none. */
  embedOrigins: string[];
  /** The lowest pino level written to stdout. */
  logLevel: LogLevel;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `FOO=` in a unit file or a compose file means "not set", not "set to nothing". */
const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const PORT_MESSAGE = 'must be a port number 0-65535';
const port = z
  .string()
  .trim()
  .regex(/^\d{1,5}$/, PORT_MESSAGE)
  .transform(Number)
  .refine((n) => n <= 65535, PORT_MESSAGE);

const flag = z.enum(['0', '1', 'false', 'true'], { error: 'must be 1, true, 0 or false' }).transform((v) => v === '1' || v === 'true');

const urlWith = (schemes: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => schemes.some((s) => v.startsWith(`${s}://`)) && URL.canParse(v), `must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`);

/** Names proxy-addr (Express) knows for private ranges. */
const NAMED_SUBNETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, a CIDR subnet (`10.0.0.0/8`), an IPv4 netmask subnet (`10.0.0.0/255.0.0.0`) or a name above. */
function isProxyAddress(entry: string): boolean {
  if (NAMED_SUBNETS.has(entry)) return true;
  const [address = '', range, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && net.isIPv4(range);
}

const TRUE_REFUSED =
  'true would trust every address, so any client could choose its own address (and slip past the login limiter) by sending X-Forwarded-For; ' +
  'give the number of proxies in front of Pavilion (e.g. 1) or the proxy\'s address or subnet (e.g. 10.0.0.5 or 10.0.0.0/8)';

const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): TrustProxy => {
    if (value === 'false' || value === '0') return false;
    if (/^\d+$/.test(value)) return Number(value);
    if (value.toLowerCase() === 'true') {
      ctx.issues.push({ code: 'custom', message: TRUE_REFUSED, input: value });
      return z.NEVER;
    }
    const entries = value.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (bad.length > 0) {
      ctx.issues.push({
        code: 'custom',
        message: `${bad.map((b) => `"${b}"`).join(', ')} is not a hop count, an IP address or a subnet (e.g. 1, 10.0.0.5, 10.0.0.0/8, loopback)`,
        input: value,
      });
      return z.NEVER;
    }
    return entries.join(', ');
  });

/** A site that may frame the embeds, as CSP writes it: scheme, host (`*.` allowed first) and port, nothing after. */
const EMBED_ORIGIN = /^https?:\/\/(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;

const embedOrigins = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const origins = value.split(/[\s,]+/).filter((o) => o !== '');
    const bad = origins.filter((o) => !EMBED_ORIGIN.test(o));
    if (bad.length > 0) {
      ctx.issues.push({
        code: 'custom',
        message: `${bad.map((b) => `"${b}"`).join(', ')} is not an origin: give scheme and host, comma-separated, e.g. https://news.example.com,https://*.tianjin.gov.cn`,
        input: value,
      });
      return z.NEVER;
    }
    return origins;
  });

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.output<T>) =>
  z.preprocess(unsetIfEmpty, schema.optional()).transform((v) => (v === undefined ? fallback : v) as z.output<T>);

/**
 * Every environment variable the server and the scripts read, checked in this one place at
 * start. An empty value counts as unset.
 */
export const envSchema = z.object({
  PORT: withDefault(port, 3000),
  HOST: optional(z.string().trim()),
  PAVILION_DATA_DIR: withDefault(z.string(), 'data').transform((dir) => path.resolve(dir)),
  PAVILION_ADMIN_PASSWORD: optional(z.string()),
  PAVILION_EVENT: withDefault(z.string(), DEFAULT_EVENT_FILE),
  DATABASE_URL: optional(urlWith(['postgres', 'postgresql'])),
  REDIS_URL: optional(urlWith(['redis', 'rediss'])),
  PAVILION_REHEARSAL: withDefault(flag, false),
  PAVILION_TRUST_PROXY: withDefault(trustProxy, false),
  PAVILION_METRICS_PORT: optional(port),
  PAVILION_EMBED_ORIGINS: withDefault(embedOrigins, []),
  PAVILION_LOG_LEVEL: withDefault(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }), 'info'),
  /** `npm run demo`: feed a running instance instead of starting one. */
  PAVILION_URL: optional(urlWith(['http', 'https'])),
  /** `npm run demo`: how many times faster than real time the expo day runs. */
  PAVILION_DEMO_SPEED: withDefault(z.coerce.number({ error: 'must be a number' }).positive('must be above 0'), 60),
  /** `npm run cluster`: how many instances, and the first one's port. */
  PAVILION_INSTANCES: withDefault(z.coerce.number().int('must be a whole number 1-32').min(1, 'must be 1-32').max(32, 'must be 1-32'), 3),
  PAVILION_FIRST_PORT: withDefault(port, 3001),
});

export type Env = z.output<typeof envSchema>;

/** The environment checked whole; a ConfigError names every bad variable and what it must be. */
export function parseEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    const value = env[name];
    return `${name}${value === undefined ? '' : ` (is "${value}")`}: ${issue.message}`;
  });
  throw new ConfigError(`invalid environment:\n  ${problems.join('\n  ')}`);
}

/** Configuration from the environment, with the names an operator would guess. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const e = parseEnv(env);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.PAVILION_DATA_DIR,
    eventFile: e.PAVILION_EVENT,
    adminPassword: e.PAVILION_ADMIN_PASSWORD,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    rehearsal: e.PAVILION_REHEARSAL,
    trustProxy: e.PAVILION_TRUST_PROXY,
    metricsPort: e.PAVILION_METRICS_PORT,
    embedOrigins: e.PAVILION_EMBED_ORIGINS,
    logLevel: e.PAVILION_LOG_LEVEL,
  };
}
