import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config/paths.js';
import { login, startServer, tempDir } from '../support/server.js';
import { closeAfterEach } from '../support/teardown.js';

/** The production build (`npm run build`), run as an operator runs it. */
function run(script: string, args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, script), ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(stdin);
  // A server that starts instead of refusing would never exit: stop it so that the test fails, not hangs.
  const timer = setTimeout(() => child.kill(), 15_000);
  return new Promise((resolve) => child.once('exit', (code) => {
    clearTimeout(timer);
    resolve({ code, output });
  }));
}

const closing = closeAfterEach();

describe('administration from the command line', () => {
  it('`pavilion user passwd` ends the sessions of that user', async () => {
    const server = closing(await startServer());
    const sessions = [await login(server.url), await login(server.url)];
    const passwd = await run('dist/scripts/pavilion.js', ['user', 'passwd', 'admin', '--password-stdin'], { PAVILION_DATA_DIR: server.dataDir }, 'a-new-admin-password\n');
    expect(passwd.output).toContain('password of admin changed');
    expect(passwd.code).toBe(0);
    for (const { cookie } of sessions) {
      const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie } });
      expect(me.status).toBe(401);
    }
    expect((await login(server.url, 'admin', 'a-new-admin-password')).res.status).toBe(200);
  });

  it('a weak PAVILION_ADMIN_PASSWORD stops the server with a message naming it', async () => {
    const started = await run('dist/server/main.js', [], { PORT: '0', HOST: '127.0.0.1', PAVILION_DATA_DIR: tempDir(), PAVILION_ADMIN_PASSWORD: 'admin123' });
    expect(started.code).toBe(1);
    expect(started.output).toMatch(/Pavilion cannot start: PAVILION_ADMIN_PASSWORD .*at least 10 characters/);
  });
});
