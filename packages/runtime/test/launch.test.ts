import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchOpencode, LogBuffer, RuntimeErrorCode } from '../src/index.js';

/** A stand-in binary: a shell script playing one way `opencode serve` can behave. */
function fakeBinary(script: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'oc-launch-'));
  const file = path.join(dir, 'opencode');
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

const launch = (binary: string, extra: { timeoutMs?: number; signal?: AbortSignal } = {}) => {
  const log = new LogBuffer();
  return { log, started: launchOpencode({ binary, env: { PATH: process.env['PATH'] ?? '' }, cwd: tmpdir(), log, ...extra }) };
};

describe('launchOpencode', () => {
  it('reads the URL from the listening line, passing serve on loopback with port 0', async () => {
    const binary = fakeBinary('echo "args: $*"\necho "opencode server listening on http://127.0.0.1:45678"\nexec sleep 30');
    const { started, log } = launch(binary);
    const proc = await started;
    expect(proc.url).toBe('http://127.0.0.1:45678');
    expect(log.tail()).toContain('args: serve --hostname 127.0.0.1 --port 0');
    expect(await proc.stop(2000)).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('fails with the last output when the process exits during start-up', async () => {
    const { started } = launch(fakeBinary('echo "Error: config is broken" >&2\nexit 3'));
    await expect(started).rejects.toMatchObject({
      code: RuntimeErrorCode.ExitedDuringStart,
      message: expect.stringContaining('OpenCode exited during start-up (exit code 3). Last output:\nError: config is broken') as unknown,
      data: { exitCode: 3 },
    });
  });

  it('times out, and kills what it started', async () => {
    const pidFile = path.join(mkdtempSync(path.join(tmpdir(), 'oc-pid-')), 'pid');
    const { started } = launch(fakeBinary(`echo $$ > ${pidFile}\necho "booting"\nexec sleep 30`), { timeoutMs: 300 });
    await expect(started).rejects.toMatchObject({ code: RuntimeErrorCode.StartTimeout, data: { output: 'booting' } });
    const pid = Number((await import('node:fs/promises').then((fs) => fs.readFile(pidFile, 'utf8'))).trim());
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('can be cancelled while waiting', async () => {
    const controller = new AbortController();
    const { started } = launch(fakeBinary('exec sleep 30'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(started).rejects.toMatchObject({ code: RuntimeErrorCode.StartAborted });
  });

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    const binary = fakeBinary('trap "" TERM\necho "opencode server listening on http://127.0.0.1:1"\nwhile true; do sleep 0.05; done');
    const proc = await launch(binary).started;
    expect(await proc.stop(200)).toEqual({ code: null, signal: 'SIGKILL' });
  });
});
