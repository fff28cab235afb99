// A port that is taken: `serve` says which port, why, and what to do, instead of Node's raw
// "listen EADDRINUSE", and exits 1 without leaving a host record behind.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './helpers.js';

const ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', OPEN_COWORK_NPM_REGISTRY: 'http://127.0.0.1:9/' };

let sandbox: Sandbox;
let blocker: Server;
let port = 0;

beforeAll(async () => {
  sandbox = createSandbox('open-cowork-port-');
  sandbox.write('project/README.md', '# project\n');
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  port = (blocker.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  sandbox.cleanup();
});

describe('open-cowork serve on a port in use', { timeout: 60_000 }, () => {
  it('names the port and says what to do, exits 1, and records no host', async () => {
    const result = await sandbox.runAsync(['serve', '--port', String(port), '--workspace', 'project'], ENV);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Port ${port} is already in use (127.0.0.1:${port})`);
    expect(result.stderr).toContain('pick another port with --port N (--port 0 picks a free one)');
    expect(result.stderr).not.toMatch(/listen EADDRINUSE/);
    expect(existsSync(path.join(sandbox.userDataDir, 'host.json'))).toBe(false);
  });
});
