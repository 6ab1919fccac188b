import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import net from 'node:net';

/** Sockets need file descriptors: 10,000 screens are more than the usual default of 1,024. */
const FD_LIMIT = 65536;

const children = new Set<ChildProcess>();

/**
 * Starts `node script` with a raised file-descriptor limit. bash `exec`s node, so the pid is
 * node's; when the hard limit cannot be raised (not root) the soft limit goes up to it.
 */
export function spawnNode(script: string, args: string[], env: NodeJS.ProcessEnv, stdio: StdioOptions): ChildProcess {
  const raise = `ulimit -n ${FD_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)"`;
  const quoted = [script, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('bash', ['-c', `${raise}; exec "${process.execPath}" ${quoted}`], {
    env: { ...process.env, ...env },
    stdio,
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Kills every child still running; used on the way out, also after an error or Ctrl-C. */
export function killAll(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}

/** Resolves when `child` has exited, killing it after `ms` if it has not. */
export function waitExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

let installed = false;

/** Makes sure no child outlives the benchmark, whichever way it ends. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.once('exit', () => killAll());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the benchmark and its children`);
      killAll();
      process.exit(130);
    });
  }
}
