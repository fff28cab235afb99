// The bubblewrap boundary, tried from inside with real bubblewrap: what a process can see,
// change and reach, how it stops, and what its children get.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync } from 'node:fs';
import { BRIDGED_PORT, bwrapArgs, childPids, findProgram, nestedBwrapArgs, openSocketBridge, prepareSandbox, readHostLayout, shellQuote, shellWrapperScript, type Sandbox, type SandboxSpec } from '../src/index.js';
import { finish, isAlive, killAll, runSandboxed, startSandboxed, until } from './support/run.js';

const RUNUSER = findProgram('runuser');

const NODE_DIR = path.dirname(process.execPath);
let base: string;
let workspace: string;
let privateDir: string;
let hostOnly: string;
let sandbox: Sandbox;
let offline: Sandbox;

function spec(script: string, extra: Partial<SandboxSpec> = {}): Omit<SandboxSpec, 'network'> {
  return { command: '/bin/sh', args: ['-c', script], env: { PATH: `/usr/bin:/bin:${NODE_DIR}`, SECRET: 'pw-1f2e3d' }, cwd: workspace, workspaces: [workspace], readOnly: [NODE_DIR], writable: [privateDir], ...extra };
}

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'oc-bwrap-'));
  workspace = path.join(base, 'workspace');
  privateDir = path.join(base, 'private');
  hostOnly = path.join(base, 'host-only');
  for (const dir of [workspace, path.join(privateDir, 'home'), path.join(privateDir, 'config'), hostOnly]) mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(privateDir, 'config', 'secret.json'), '{"key":"sk-private"}');
  writeFileSync(path.join(privateDir, 'home', 'note.txt'), 'home note');
  writeFileSync(path.join(hostOnly, 'secret.txt'), 'not for the sandbox');
  sandbox = await prepareSandbox({ choice: 'bwrap', stateDir: path.join(base, 'state') });
  offline = await prepareSandbox({ choice: 'bwrap', network: 'off', stateDir: path.join(base, 'state') });
});
afterAll(() => {
  killAll();
  rmSync(base, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('bubblewrap: what the process sees', () => {
  it('reports itself as a strong boundary', () => {
    expect(sandbox.status).toMatchObject({ backend: 'bwrap', requested: 'bwrap', strength: 'strong', network: 'on' });
    expect(['namespace', 'no-proc']).toContain(sandbox.status.children);
  });

  it('the system is read-only; the workspace is writable; nothing else of the host is there', async () => {
    const result = await runSandboxed(
      sandbox.command(
        spec(
          [
            'touch /usr/oc-probe 2>/dev/null && echo usr-writable || echo usr-read-only',
            'echo made > made.txt && echo ws-writable',
            `cat ${shellQuote(path.join(hostOnly, 'secret.txt'))} 2>/dev/null || echo host-file-absent`,
            `ls /root /home 2>/dev/null | wc -l`,
            `ls ${shellQuote(base)}`,
          ].join('; '),
        ),
      ),
    );
    expect(result.stdout.split('\n')).toEqual(['usr-read-only', 'ws-writable', 'host-file-absent', '0', 'private', 'workspace', '']);
    expect(readFileSync(path.join(workspace, 'made.txt'), 'utf8')).toBe('made\n');
  });

  it('a hidden folder inside the workspace is empty, but a writable folder deeper inside it is there', async () => {
    const data = path.join(workspace, '.app-data');
    mkdirSync(path.join(data, 'runtime'), { recursive: true });
    mkdirSync(path.join(data, 'keys'), { recursive: true });
    writeFileSync(path.join(data, 'keys', 'secrets.key'), 'the key');
    try {
      const result = await runSandboxed(
        sandbox.command(spec(`ls -A ${shellQuote(data)}; cat ${shellQuote(path.join(data, 'keys', 'secrets.key'))} 2>/dev/null || echo key-absent; echo r > ${shellQuote(path.join(data, 'runtime', 'r.txt'))} && echo runtime-writable`, { writable: [privateDir, path.join(data, 'runtime')], hidden: [data] })),
      );
      expect(result.stdout).toBe('runtime\nkey-absent\nruntime-writable\n');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('a hidden file cannot be read or changed; its neighbours are untouched', async () => {
    const config = path.join(workspace, 'opencode.json');
    writeFileSync(config, '{"plugin":["evil"]}');
    writeFileSync(path.join(workspace, 'neighbour.txt'), 'still here');
    try {
      const result = await runSandboxed(sandbox.command(spec(`cat opencode.json 2>/dev/null || echo unreadable; echo '{}' > opencode.json 2>/dev/null && echo changed || echo unchanged; cat neighbour.txt`, { hiddenFiles: [config] })));
      expect(result.stdout).toBe('unreadable\nunchanged\nstill here');
      expect(readFileSync(config, 'utf8')).toBe('{"plugin":["evil"]}');
    } finally {
      rmSync(config, { force: true });
      rmSync(path.join(workspace, 'neighbour.txt'), { force: true });
    }
  });

  it('/tmp is private: a file in the host\'s /tmp is not there, and one written inside does not reach the host', async () => {
    const marker = `oc-host-marker-${process.pid}`;
    writeFileSync(path.join(tmpdir(), marker), 'x');
    try {
      const result = await runSandboxed(sandbox.command(spec(`ls -A /tmp; echo inside > /tmp/${marker}-inner && echo wrote`)));
      // Only the mount point of the bound test folder (it lives under the host's /tmp) is there.
      expect(result.stdout).toBe(`${path.basename(base)}\nwrote\n`);
      expect(existsSync(path.join(tmpdir(), `${marker}-inner`))).toBe(false);
    } finally {
      rmSync(path.join(tmpdir(), marker), { force: true });
    }
  });

  it('has its own process table: no host process, not even the test runner, is in /proc', async () => {
    const result = await runSandboxed(sandbox.command(spec('for d in /proc/[0-9]*; do tr "\\0" " " < $d/cmdline; echo; done')));
    expect(result.stdout).not.toMatch(/vitest|node/);
    expect(result.stdout.trim().split('\n').length).toBeLessThanOrEqual(4);
  });

  it('holds no capabilities', async () => {
    const result = await runSandboxed(sandbox.command(spec('grep -E "^Cap(Eff|Prm|Amb)" /proc/self/status')));
    expect(result.stdout).toBe('CapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapAmb:\t0000000000000000\n');
  });
});

describe.runIf(process.platform === 'linux')('bubblewrap: network', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((socket) => socket.end('host says hi\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const connect = (p: number) => `node -e ${shellQuote(`require('net').connect(${p}, '127.0.0.1').on('data', (d) => { process.stdout.write(String(d)); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); })`)}`;

  it('on: the host\'s loopback is reachable', async () => {
    expect((await runSandboxed(sandbox.command(spec(connect(port))))).stdout).toBe('host says hi\n');
  });

  it('off: only a private loopback; the host is unreachable', async () => {
    const result = await runSandboxed(offline.command(spec(`${connect(port)}; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "`)));
    expect(result.stdout).toBe('ECONNREFUSED\nlo\n');
    expect(offline.status).toMatchObject({ network: 'off' });
  });

  it('off: the host reaches a server inside through the socket bridge', async () => {
    const socket = path.join(base, 'bridge', 'server.sock');
    mkdirSync(path.dirname(socket), { recursive: true });
    const server = `require('http').createServer((q, r) => r.end('inside:' + q.url)).listen(${BRIDGED_PORT}, '127.0.0.1', () => console.log('listening'))`;
    const child = startSandboxed(offline.command({ ...spec(''), command: process.execPath, args: ['-e', server], bridge: { socket, port: BRIDGED_PORT, node: process.execPath } }));
    const done = finish(child);
    let out = '';
    child.stdout?.on('data', (chunk: string) => (out += chunk));
    await until(() => out.includes('listening') && existsSync(socket), 'the server inside to listen');
    const bridge = await openSocketBridge(socket);
    try {
      const response = await fetch(`${bridge.url}/health`, { signal: AbortSignal.timeout(5000) });
      expect(await response.text()).toBe('inside:/health');
    } finally {
      await bridge.close();
      process.kill(-child.pid!, 'SIGKILL');
      await done;
    }
  });
});

describe.runIf(process.platform === 'linux')('bubblewrap: stopping', () => {
  it('the program gets SIGTERM through `signal` and can shut down cleanly', async () => {
    const child = startSandboxed(sandbox.command(spec('trap "echo bye > stopped.txt; exit 0" TERM; echo up; while :; do sleep 0.05; done')));
    const done = finish(child);
    let out = '';
    child.stdout?.on('data', (chunk: string) => (out += chunk));
    await until(() => out.includes('up'), 'the program to start');
    expect(sandbox.command(spec('')).signal?.(child.pid!, 'SIGTERM')).toBe(true);
    expect((await done).code).toBe(0);
    expect(readFileSync(path.join(workspace, 'stopped.txt'), 'utf8')).toBe('bye\n');
  });

  it('dies with its parent: killing bubblewrap ends the program inside', async () => {
    const child = startSandboxed(sandbox.command(spec('echo up; exec sleep 600')));
    const done = finish(child);
    let out = '';
    child.stdout?.on('data', (chunk: string) => (out += chunk));
    await until(() => out.includes('up'), 'the program to start');
    const inside = childPids(child.pid!).flatMap(childPids);
    expect(inside).toHaveLength(1);
    process.kill(child.pid!, 'SIGKILL');
    await done;
    await until(() => !isAlive(inside[0]!), 'the program inside to end');
  });
});

describe.runIf(process.platform === 'linux')('bubblewrap: children in a nested boundary', () => {
  const hide = () => ({ hide: [privateDir], keep: [path.join(privateDir, 'home')], unsetEnv: ['SECRET'] });

  it('a child cannot see its parent\'s process, environment or private folder, but keeps its home and the workspace', async () => {
    const boundary = sandbox.childBoundary(hide());
    expect(boundary.isolation).toBe(sandbox.status.children);
    const child = [
      'echo "ppid=$PPID"',
      'ls /proc | grep -E "^[0-9]+$" | wc -l',
      'for d in /proc/[0-9]*; do tr "\\0" "\\n" < $d/environ; done 2>/dev/null | grep -c SECRET',
      'echo "secret=${SECRET:-unset}"',
      `ls -A ${shellQuote(privateDir)}`,
      `cat ${shellQuote(path.join(privateDir, 'home', 'note.txt'))}; echo`,
      'echo child > from-child.txt && echo ws-writable',
      'unshare --user true 2>/dev/null && echo nested-userns || echo no-nested-userns',
      'grep ^CapEff /proc/self/status 2>/dev/null || echo CapEff: no-proc',
    ].join('; ');
    const parent = `echo "parent sees secret=$SECRET"; ${[...boundary.prefix, '/bin/sh', '-c', child].map(shellQuote).join(' ')}`;
    const result = await runSandboxed(sandbox.command(spec(parent)));
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('parent sees secret=pw-1f2e3d');
    // The parent is outside the child's process table: pid 1 there is the nested boundary's
    // own init, started with the scrubbed environment.
    expect(lines[1]).toBe('ppid=1');
    expect(Number(lines[2])).toBeLessThanOrEqual(3); // only the child's own processes (none at all without /proc)
    expect(lines.slice(3, 8)).toEqual(['0', 'secret=unset', 'home', 'home note', 'ws-writable']);
    expect(lines[8]).toBe('no-nested-userns');
    expect(lines[9]).toMatch(/^CapEff:\s+(0000000000000000|no-proc)$/);
  });

  it('a shell wrapper script puts every shell it starts in the nested boundary', async () => {
    const wrapper = path.join(privateDir, 'shell', 'sh');
    mkdirSync(path.dirname(wrapper), { recursive: true });
    writeFileSync(wrapper, shellWrapperScript(sandbox.childBoundary(hide()), '/bin/sh'), { mode: 0o755 });
    const result = await runSandboxed(sandbox.command(spec(`${shellQuote(wrapper)} -c 'echo "ppid=$PPID secret=\${SECRET:-unset}"; ls -A ${shellQuote(privateDir)}'`)));
    expect(result.stdout).toBe('ppid=1 secret=unset\nhome\n');
  });
});

describe.runIf(process.platform === 'linux')('bubblewrap: allowlisted extra folders', () => {
  it('appear under /workspace/extra/<name>, read-only unless asked rw', async () => {
    const sets = path.join(base, 'sets');
    const scratch = path.join(base, 'scratch');
    mkdirSync(sets);
    mkdirSync(scratch);
    writeFileSync(path.join(sets, 'data.csv'), 'a,b\n');
    const result = await runSandboxed(
      sandbox.command(
        spec('cat /workspace/extra/sets/data.csv; touch /workspace/extra/sets/x 2>/dev/null || echo sets-read-only; echo w > /workspace/extra/scratch/out && echo scratch-writable', {
          mounts: [
            { host: sets, name: 'sets', mode: 'ro' },
            { host: scratch, name: 'scratch', mode: 'rw' },
          ],
        }),
      ),
    );
    expect(result.stdout).toBe('a,b\nsets-read-only\nscratch-writable\n');
    expect(readFileSync(path.join(scratch, 'out'), 'utf8')).toBe('w\n');
  });
});

// This machine runs the suite as root, where children get no /proc (see bwrap.ts). A desktop
// user is not root: the same command lines, run as the unprivileged `nobody`, give each child
// a fresh /proc of its own that shows only itself.
describe.runIf(process.platform === 'linux' && process.getuid?.() === 0 && RUNUSER !== undefined)('bubblewrap as an unprivileged user', () => {
  it('a child gets its own /proc, where its parent does not appear', async () => {
    const shared = mkdtempSync(path.join(tmpdir(), 'oc-bwrap-user-'));
    chmodSync(shared, 0o777);
    try {
      const child = `echo "ppid=$PPID"; tr "\\0" "\\n" < /proc/1/environ | grep -c SECRET; for d in /proc/[0-9]*; do tr "\\0" " " < $d/cmdline; echo; done`;
      const nested = ['/usr/bin/bwrap', ...nestedBwrapArgs({ proc: 'proc', unsetEnv: ['SECRET'] }), '--', '/bin/sh', '-c', child].map(shellQuote).join(' ');
      const outer = bwrapArgs({ command: '/bin/sh', args: ['-c', `env -u SECRET ${nested}`], env: {}, cwd: shared, workspaces: [shared], network: 'on' }, { ...readHostLayout(), uid: 65534 });
      const result = await runSandboxed({ command: RUNUSER!, args: ['-u', 'nobody', '--', '/usr/bin/bwrap', ...outer], env: { PATH: '/usr/bin:/bin', SECRET: 'pw-1f2e3d' }, cwd: '/' });
      expect(result.stderr).toBe('');
      const [ppid, secrets, ...processes] = result.stdout.trim().split('\n');
      expect([ppid, secrets]).toEqual(['ppid=1', '0']);
      // Only the nested init and the child itself: the parent shell (`env -u …`) is not there.
      expect(processes.length).toBeLessThanOrEqual(3);
      expect(processes.join('\n')).not.toContain('env -u');
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });
});
