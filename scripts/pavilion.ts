/**
 * Command-line administration, for the first setup and for when nobody can log in:
 *   npm run pavilion -- user add <name> --role staff [--password-stdin]
 *   npm run pavilion -- user list
 *   npm run pavilion -- user passwd <name> [--password-stdin]
 *   npm run pavilion -- user disable|enable <name>
 *   npm run pavilion -- token add --role display --label "Hall 1 screen" [--venue v1]
 *   npm run pavilion -- token list
 *   npm run pavilion -- event export|archive [--out <file>] | event import-archive <file> | event editions
 * Passwords are read from a prompt or stdin, never from the command line (shell history, ps).
 */
import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { tokenRequestSchema, userRequestSchema } from '../shared/accounts.js';
import { hashPassword, randomSecret, sha256 } from '../server/auth/secrets.js';
import { configFromEnv } from '../server/config/env.js';
import { openStore } from '../server/store/open.js';
import { ConfigError, loadEventFile } from '../server/config/event-file.js';
import { EVENT_USAGE, EventCommandError, eventCommand } from './event-commands.js';
import type { Store, User } from '../server/store/types.js';
import { changePassword } from '../server/users/password.js';

const USAGE = `usage:
  pavilion user add <name> --role admin|organizer|staff [--password-stdin]
  pavilion user list
  pavilion user passwd <name> [--password-stdin]
  pavilion user disable <name> | user enable <name>
  pavilion token add --role organizer|staff|device|display --label <text> [--venue <id>]
  pavilion token list
${EVENT_USAGE}
The database is the server's: PAVILION_DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL).`;

class UsageError extends Error {}

function openConfiguredStore(): Store {
  try {
    return openStore(configFromEnv());
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks without echoing what is typed. */
function ask(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    // readline has no silent mode; the prompt itself is written, keystrokes are not.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
      if (s.includes(question)) write(s);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function password(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readStdin();
  if (!process.stdin.isTTY) throw new UsageError('no terminal to ask for the password: pass --password-stdin');
  const first = await ask('Password: ');
  if (first !== (await ask('Again: '))) throw new UsageError('the passwords differ');
  return first;
}

function check<T>(result: { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } }): T {
  if (result.success) return result.data;
  throw new UsageError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
}

async function findUser(store: Store, name: string): Promise<User> {
  const user = (await store.accounts.listUsers()).find((u) => u.username.toLowerCase() === name.toLowerCase());
  if (!user) throw new UsageError(`no user "${name}"`);
  return user;
}

async function userCommand(store: Store, args: string[], flags: Flags): Promise<void> {
  const [verb, name] = args;
  if (verb === 'list') {
    for (const u of await store.accounts.listUsers()) console.log(`${u.username}\t${u.role}\t${u.disabledAt ? 'disabled' : 'active'}`);
    return;
  }
  if (!name) throw new UsageError(USAGE);
  if (verb === 'add') {
    const input = check(userRequestSchema.safeParse({ username: name, role: flags.role, password: await password(flags['password-stdin']) }));
    if ((await store.accounts.listUsers()).some((u) => u.username.toLowerCase() === input.username.toLowerCase())) {
      throw new UsageError(`user "${input.username}" exists already`);
    }
    const user: User = { id: randomUUID(), username: input.username, role: input.role, passwordHash: await hashPassword(input.password), createdAt: new Date().toISOString(), disabledAt: null };
    await store.accounts.createUser(user);
    console.log(`added ${input.username} (${input.role})`);
  } else if (verb === 'passwd') {
    const user = await findUser(store, name);
    const pw = check(userRequestSchema.shape.password.safeParse(await password(flags['password-stdin'])));
    await changePassword(store, user.id, pw);
    console.log(`password of ${user.username} changed; their sessions are ended`);
  } else if (verb === 'disable' || verb === 'enable') {
    const user = await findUser(store, name);
    await store.accounts.updateUser(user.id, { disabledAt: verb === 'disable' ? new Date().toISOString() : null });
    console.log(`${user.username} ${verb}d`);
  } else throw new UsageError(USAGE);
}

async function tokenCommand(store: Store, args: string[], flags: Flags): Promise<void> {
  if (args[0] === 'list') {
    for (const t of await store.accounts.listTokens()) console.log(`${t.id}\t${t.role}\t${t.label}\t${t.revokedAt ? 'revoked' : 'active'}`);
    return;
  }
  if (args[0] !== 'add') throw new UsageError(USAGE);
  const input = check(tokenRequestSchema.safeParse({ role: flags.role, label: flags.label, ...(flags.venue ? { venueId: flags.venue } : {}) }));
  const token = randomSecret('pvl_');
  await store.accounts.createToken(
    { id: randomUUID(), role: input.role, label: input.label, scope: input.venueId ? { venueId: input.venueId } : {}, createdAt: new Date().toISOString(), createdBy: 'cli', revokedAt: null },
    sha256(token),
  );
  console.log(`token for ${input.label} (${input.role}), shown only now:\n${token}`);
}

interface Flags {
  role?: string;
  label?: string;
  venue?: string;
  'password-stdin': boolean;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      label: { type: 'string' },
      venue: { type: 'string' },
      out: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [group, ...rest] = positionals;
  if (values.help || !group) throw new UsageError(USAGE);
  const flags: Flags = { ...values, 'password-stdin': values['password-stdin'] ?? false };
  const store = openConfiguredStore();
  try {
    await store.migrate();
    if (group === 'user') await userCommand(store, rest, flags);
    else if (group === 'token') await tokenCommand(store, rest, flags);
    else if (group === 'event') {
      const fileEvent = () => loadEventFile(configFromEnv().eventFile);
      await eventCommand(store, rest, { ...(values.out ? { out: values.out } : {}), fileEvent, now: () => new Date(), print: (line) => console.log(line) }).catch((error: unknown) => {
        throw error instanceof EventCommandError ? new UsageError(error.message) : error;
      });
    }
    else throw new UsageError(USAGE);
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // parseArgs reports an unknown option as a TypeError with an ERR_PARSE_ARGS_* code.
  const usage = error instanceof UsageError || String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
  console.error(usage ? (error as Error).message : error);
  process.exit(usage ? 2 : 1);
});
