import type { Logger } from 'pino';
import { withTimeout } from './timeout.js';

/** The part of a node-redis client that limits shared through Redis use. */
export interface ScriptRunner {
  readonly isReady: boolean;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** One step of a limit: the Redis script that takes it for every instance, and how this instance takes it alone. */
export interface Step<T> {
  script: string;
  keys: string[];
  args: string[];
  fromReply: (reply: unknown) => T;
  local: () => Promise<T>;
}

/** An answer slower than this counts as Redis being away: a request waits for no store. */
const REDIS_TIMEOUT_MS = 1000;
/** At most one warning this often while Redis is away, however many requests come. */
const WARN_EVERY_MS = 10_000;

/**
 * Runs a limit's steps in Redis; when Redis errors, is not connected or does not answer in time,
 * takes the step in this instance's memory instead (fail open, with a warning): a request is
 * never refused because Redis blinked.
 */
export function failOpen(redis: ScriptRunner, log: Logger, what: string): <T>(step: Step<T>) => Promise<T> {
  let warnedAt = -Infinity;
  return async (step) => {
    try {
      if (!redis.isReady) throw new Error('Redis is not connected');
      const reply = redis.eval(step.script, { keys: step.keys, arguments: step.args });
      return step.fromReply(await withTimeout(reply, REDIS_TIMEOUT_MS, `Redis did not answer within ${REDIS_TIMEOUT_MS} ms`));
    } catch (error) {
      if (performance.now() - warnedAt >= WARN_EVERY_MS) {
        warnedAt = performance.now();
        log.warn({ err: error }, `${what}: Redis unavailable, counting in this instance only`);
      }
      return step.local();
    }
  };
}
