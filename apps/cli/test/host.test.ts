import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '@open-cowork/cli';
import { DATA_DIR_LOCKED, lockDataDir } from '@open-cowork/host';
import { stripAnsi } from '../src/host/dashboard.js';
import { createSandbox, REPO_ROOT, scriptedUserConfig, type RunResult, type Sandbox } from './helpers.js';

/** The built CLI, so `start --detach` can run the host as a process of its own (npm test builds first). */
const SELF = [process.execPath, path.join(REPO_ROOT, 'apps/cli/bin/open-cowork.js')];
const ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', OPEN_COWORK_NPM_REGISTRY: 'http://127.0.0.1:9/' };

let model: ScriptedModel;
let sandbox: Sandbox;
const run = (argv: readonly string[], env: Record<string, string> = {}, io: Pick<CliIo, 'isTTY' | 'onKey'> = {}): Promise<RunResult> =>
  sandbox.runAsync(argv, { ...ENV, ...env }, { self: SELF, ...io });

/** A terminal whose user presses `keys`, one every 200 ms after the dashboard starts listening. */
function terminal(keys: readonly string[]): Pick<CliIo, 'isTTY' | 'onKey'> {
  return {
    isTTY: true,
    onKey: (listener) => {
      const timers = keys.map((key, i) => setTimeout(() => listener(key), 200 * (i + 1)));
      return () => timers.forEach(clearTimeout);
    },
  };
}

beforeAll(async () => {
  model = await startScriptedModel({
    rules: [
      { name: 'after tool', match: { hasToolResults: true }, reply: (c) => ({ text: `Tool said: ${c.toolResults.map((r) => r.content).join(' ').trim()}` }) },
      { name: 'hi', match: { lastUser: 'say hi' }, reply: { text: 'Hi from the host.' } },
      { name: 'bash', match: { lastUser: 'run it' }, reply: { toolCalls: [{ name: 'bash', arguments: { command: 'echo APPROVED_RUN_7', description: 'Print a marker' } }] } },
      { name: 'mount', match: { lastUser: 'read the mount' }, reply: { toolCalls: [{ name: 'bash', arguments: { command: 'cat /workspace/extra/data/fact.txt', description: 'Read the mounted folder' } }] } },
    ],
  });
  sandbox = createSandbox('open-cowork-host-');
  sandbox.write('user-data/config.json', scriptedUserConfig(model.url));
  sandbox.write('project/README.md', '# project\n');
  sandbox.write('datasets/fact.txt', 'MOUNTED_FACT_3\n');
  sandbox.write('allowlist.json', { roots: [path.join(sandbox.root, 'datasets')] });
});

/** The mount allowlist the tests use (instead of the user's own under ~/.config). */
const allowlist = () => ({ OPEN_COWORK_SANDBOX_MOUNT_ALLOWLIST: path.join(sandbox.root, 'allowlist.json') });

afterAll(async () => {
  await run(['stop']);
  await model.close();
  sandbox.cleanup();
});

describe('open-cowork start --check', { timeout: 90_000 }, () => {
  it('starts everything, proves health and one real event round trip over SSE, and exits 0', async () => {
    const result = await run(['start', '--check', '--check-events', '--port', '0', '--workspace', 'project']);
    expect(result.stderr).not.toMatch(/ERROR/);
    expect(result.stdout).toContain('Check passed: host and runtime are healthy, and events flow over SSE.');
    expect(result.code).toBe(0);
  });

  it('warns about OpenCode configuration it leaves unloaded; with --trust records the folder as trusted', async () => {
    sandbox.write('plugged/.opencode/plugins/mark.js', 'export const Mark = async () => ({});\n');
    const folder = realpathSync(path.join(sandbox.root, 'plugged'));
    const untrusted = await run(['start', '--check', '--port', '0', '--workspace', 'plugged']);
    expect(untrusted.code).toBe(0);
    expect(untrusted.stderr).toContain(`${folder} holds OpenCode configuration that will not be loaded (not trusted): .opencode/plugins/mark.js; pass --trust, or trust it in the UI, to load it.`);
    const trusted = await run(['start', '--check', '--trust', '--port', '0', '--workspace', 'plugged']);
    expect(trusted.code).toBe(0);
    expect(trusted.stderr).not.toContain('will not be loaded');
    const answers = JSON.parse(readFileSync(path.join(sandbox.userDataDir, 'workspace-trust.json'), 'utf8')) as { folders: { path: string; trusted: boolean }[] };
    expect(answers.folders).toContainEqual(expect.objectContaining({ path: folder, trusted: true }));
  });

  it('--sandbox none runs unsandboxed by choice and says so; a choice it does not know is a usage error', async () => {
    const none = await run(['start', '--check', '--sandbox', 'none', '--port', '0', '--workspace', 'project']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('Sandbox: Not sandboxed (chosen)');
    const bogus = await run(['start', '--check', '--sandbox', 'chroot', '--port', '0']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('--sandbox: "chroot" is not a sandbox choice; use one of auto, none, bwrap, podman, docker, macos.');
  });

  it('--sandbox-mount: malformed is a usage error; a folder outside the allowlist is refused naming the file to edit', async () => {
    const malformed = await run(['start', '--check', '--sandbox-mount', 'datasets', '--port', '0']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('Mount "datasets": ');
    const outside = await run(['start', '--check', '--sandbox-mount', `${path.join(sandbox.root, 'project')}:p`, '--port', '0', '--workspace', 'project'], allowlist());
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain(`is not under any folder listed in ${path.join(sandbox.root, 'allowlist.json')}. Add a folder that contains it to "roots" in that file to allow it.`);
    // `..` out of a listed root is refused like any outside folder.
    const escape = await run(['start', '--check', '--sandbox-mount', `${path.join(sandbox.root, 'datasets', '..', 'project')}:p`, '--port', '0'], allowlist());
    expect(escape.code).toBe(1);
    expect(escape.stderr).toContain('is not under any folder listed in');
  });

  it('exits non-zero with the reason when the runtime cannot start', async () => {
    const result = await run(['start', '--check', '--port', '0', '--workspace', 'project'], { OPEN_COWORK_OPENCODE_BIN: '/nonexistent/opencode' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('OPEN_COWORK_OPENCODE_BIN points at "/nonexistent/opencode", which does not exist');
  });
});

describe('a detached host', { timeout: 120_000 }, () => {
  let token = '';

  it('start --detach prints pairing details and leaves the host running', async () => {
    const mount = `${path.join(sandbox.root, 'datasets')}:data`;
    const result = await run(['start', '--detach', '--port', '0', '--workspace', 'project', '--sandbox-mount', mount, '--log-format', 'json'], allowlist());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Host URL {4}http:\/\/127\.0\.0\.1:\d+/);
    token = /Token {7}(\S+)/.exec(result.stdout)?.[1] ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(result.stdout).toContain(`#token=${token}`);
  });

  it('status reports host, runtime and the sandbox it chose', async () => {
    const result = await run(['status', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ running: true, runtime: { state: 'ready', sandbox: { requested: 'auto', backend: 'bwrap', strength: 'strong' } } });
    expect((await run(['status'])).stdout).toMatch(/^Sandbox {3}Sandboxed with bubblewrap: /m);
  });

  it('an allowlisted --sandbox-mount folder is there for the agent at /workspace/extra/NAME', async () => {
    const result = await run(['run', '--approve', 'allow', '--workspace', 'project', 'read the mount']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Tool said: MOUNTED_FACT_3');
  });

  it('a second start on the same data dir says a host is already running', async () => {
    const result = await run(['start', '--detach', '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/a host is already running for .* Stop it with "open-cowork stop" first/);
  });

  it('approvals: a bash request shows up in the list; --allow lets the session finish, --deny refuses the tool', async () => {
    const status = JSON.parse((await run(['status', '--json'])).stdout) as { url: string };
    const call = async (method: string, params: unknown) => {
      const response = await fetch(`${status.url}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(params) });
      const body = (await response.json()) as { result?: unknown; error?: unknown };
      if (!response.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
      return body.result as Record<string, unknown>;
    };
    const { workspaces } = (await call('workspaces.list', {})) as { workspaces: Array<{ id: string }> };
    const session = (await call('sessions.create', { workspaceId: workspaces[0]!.id })) as { id: string };
    await call('sessions.prompt', { sessionId: session.id, text: 'run it' });

    let listed = '';
    for (let i = 0; i < 300 && !listed.includes('bash'); i++) {
      listed = (await run(['approvals', 'list'])).stdout;
      if (!listed.includes('bash')) await new Promise((r) => setTimeout(r, 100));
    }
    const id = /^(\S+)\s+bash\s+echo APPROVED_RUN_7/m.exec(listed)?.[1];
    expect(id, listed).toBeDefined();
    const replied = await run(['approvals', 'reply', id!, '--allow']);
    expect(replied.stdout).toBe(`Allowed ${id}.\n`);

    let text = '';
    for (let i = 0; i < 300 && !text.includes('Tool said: APPROVED_RUN_7'); i++) {
      const { messages } = (await call('sessions.messages', { sessionId: session.id })) as { messages: unknown[] };
      text = JSON.stringify(messages);
      if (!text.includes('Tool said')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(text).toContain('Tool said: APPROVED_RUN_7');
    expect((await run(['approvals', 'list'])).stdout).toBe('No permission requests are waiting.\n');

    // --deny: the tool is refused and its command never runs.
    const denied = (await call('sessions.create', { workspaceId: workspaces[0]!.id })) as { id: string };
    await call('sessions.prompt', { sessionId: denied.id, text: 'run it' });
    let pending = '';
    for (let i = 0; i < 300 && !pending.includes('bash'); i++) {
      pending = (await run(['approvals', 'list'])).stdout;
      if (!pending.includes('bash')) await new Promise((r) => setTimeout(r, 100));
    }
    const deniedId = /^(\S+)\s+bash/m.exec(pending)?.[1];
    expect((await run(['approvals', 'reply', deniedId!, '--deny'])).stdout).toBe(`Denied ${deniedId}.\n`);
    let history = '';
    for (let i = 0; i < 300 && !history.includes('rejected'); i++) {
      history = JSON.stringify(((await call('sessions.messages', { sessionId: denied.id })) as { messages: unknown[] }).messages);
      if (!history.includes('rejected')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(history).toContain('rejected permission');
    expect(history).not.toContain('Tool said: APPROVED_RUN_7');
  });

  it('run sends its prompt through the running host and leaves the host\'s runtime alone', async () => {
    const before = JSON.parse((await run(['status', '--json'])).stdout) as { runtime: { pid: number } };
    const result = await run(['run', '--workspace', 'project', 'say hi']);
    expect(result.stdout).toBe('Hi from the host.\n');
    expect(result.stderr).toMatch(/using the host at http:\/\/127\.0\.0\.1:\d+/);
    expect(result.code).toBe(0);
    const after = JSON.parse((await run(['status', '--json'])).stdout) as { runtime: { state: string; pid: number } };
    expect(after.runtime).toMatchObject({ state: 'ready', pid: before.runtime.pid });
    expect(() => process.kill(before.runtime.pid, 0)).not.toThrow();
  });

  it('the data dir is locked while the host runs: no second host can take it', async () => {
    await expect(lockDataDir(sandbox.userDataDir)).rejects.toMatchObject({ code: DATA_DIR_LOCKED });
    const second = await run(['serve', '--port', '0', '--data-dir', sandbox.userDataDir]);
    expect(second.code).toBe(1);
  });

  it('stop stops it; status is then honest that nothing runs; the token never reached the log', async () => {
    const stopped = await run(['stop']);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(/^Stopped the host \(pid \d+\)\.\n$/);
    const status = await run(['status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^No host is running for /);

    const logDir = path.join(sandbox.userDataDir, 'logs');
    const [logFile] = readdirSync(logDir);
    const log = readFileSync(path.join(logDir, logFile!), 'utf8');
    const lines = log.trim().split('\n').map((line) => JSON.parse(line) as { runId: string; source: string; message: string });
    expect(lines.length).toBeGreaterThan(3);
    expect(new Set(lines.map((l) => l.runId)).size).toBe(1);
    expect(lines.map((l) => l.source)).toEqual(expect.arrayContaining(['host', 'http', 'runtime']));
    expect(log).not.toContain(token);
  });
});

describe('a stale host record', { timeout: 120_000 }, () => {
  it('naming a PID now used by another program: stop never signals it, and a host starts (tightening the data dir)', async () => {
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => other.once('spawn', resolve));
      sandbox.write('user-data/host.json', {
        pid: other.pid,
        processStart: 'Mon Jan  1 00:00:00 2024',
        commandLine: `${process.execPath} open-cowork.js serve`,
        url: 'http://127.0.0.1:9',
        token: 'stale',
        runId: 'old',
        startedAt: 0,
        workspaces: [],
      });
      const stopped = await run(['stop']);
      expect(stopped.code).toBe(1);
      expect(stopped.stdout).toMatch(/^No host is running for /);
      expect(other.exitCode).toBeNull();
      expect(() => process.kill(other.pid!, 0)).not.toThrow();

      chmodSync(sandbox.userDataDir, 0o755);
      const check = await run(['start', '--check', '--port', '0', '--workspace', 'project']);
      expect(check.code).toBe(0);
      expect(statSync(sandbox.userDataDir).mode & 0o777).toBe(0o700);
      expect(other.exitCode).toBeNull();
    } finally {
      other.kill('SIGKILL');
    }
  });
});

describe('open-cowork start in a terminal', { timeout: 120_000 }, () => {
  it('shows the live dashboard; [c] copies the UI link, [d] detaches and leaves the host running', async () => {
    const result = await run(['start', '--port', '0', '--workspace', 'project'], {}, terminal(['c', 'd']));
    expect(result.code).toBe(0);
    const screen = stripAnsi(result.stderr);
    expect(screen).toContain('Services');
    expect(screen).toMatch(/runtime {3}ready/);
    expect(screen).toMatch(/sandbox {3}Sandboxed with bubblewrap/);
    expect(screen).toContain('[d] detach (keep running)');
    expect(result.stderr).toContain('\x1b]52;c;'); // OSC 52 clipboard
    expect(result.stdout).toMatch(/The host keeps running at http:\/\/127\.0\.0\.1:\d+/);
    expect((await run(['status'])).code).toBe(0);
  });

  it('[q] stops the host', async () => {
    await run(['stop']);
    const result = await run(['start', '--port', '0', '--workspace', 'project'], {}, terminal(['q']));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Stopped the host.\n');
    expect((await run(['status'])).code).toBe(1);
  });
});

describe('open-cowork workspace', () => {
  it('adds, lists, locates and removes workspaces in the data dir', async () => {
    sandbox.write('notes/today.md', '# today\n');
    const added = await run(['workspace', 'add', 'notes', '--name', 'Notes', '--json']);
    expect(added.code).toBe(0);
    const workspace = JSON.parse(added.stdout) as { id: string; path: string; name: string };
    expect(workspace).toMatchObject({ name: 'Notes', path: path.join(sandbox.root, 'notes') });
    const again = JSON.parse((await run(['workspace', 'add', './notes/', '--json'])).stdout) as { id: string };
    expect(again.id).toBe(workspace.id);
    const listed = JSON.parse((await run(['workspace', 'list', '--json'])).stdout) as Array<{ id: string }>;
    expect(listed.map((w) => w.id)).toContain(workspace.id);
    expect((await run(['workspace', 'path', workspace.id])).stdout).toBe(`${workspace.path}\n`);
    expect((await run(['workspace', 'remove', workspace.id])).code).toBe(0);
    const missing = await run(['workspace', 'path', workspace.id]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(workspace.id);
  });
});
