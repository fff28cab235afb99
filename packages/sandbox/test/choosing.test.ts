// Choosing a boundary: `auto` takes the strongest that works, an explicit choice that cannot
// run is an error saying why (never a silent step down), and `none` says it is unsandboxed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOST_DEFS } from '@open-cowork/contracts';
import { parseSandboxChoice, prepareSandbox, SANDBOX_CHOICES, SandboxErrorCode } from '../src/index.js';

const stateDir = mkdtempSync(path.join(tmpdir(), 'oc-choose-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('choosing a sandbox', () => {
  it('parses the six choices and refuses anything else by name', () => {
    expect(parseSandboxChoice(' Bwrap ')).toBe('bwrap');
    expect(() => parseSandboxChoice('firejail', '--sandbox')).toThrow('--sandbox: "firejail" is not a sandbox choice; use one of auto, none, bwrap, podman, docker, macos.');
  });

  it('the host contract describes a boundary with the same words (runtime.status shows it to clients)', () => {
    const properties = (HOST_DEFS.SandboxInfo as { properties: Record<string, { enum?: readonly string[] }> }).properties;
    expect(properties['requested']?.enum).toEqual(SANDBOX_CHOICES);
    expect(properties['backend']?.enum).toEqual(SANDBOX_CHOICES.filter((choice) => choice !== 'auto'));
    expect(properties['strength']?.enum).toEqual(['strong', 'partial', 'none']);
    expect(properties['children']?.enum).toEqual(['namespace', 'no-proc', 'shared']);
  });

  it.runIf(process.platform === 'linux')('auto picks bubblewrap on Linux when it works, and says what it holds', async () => {
    const sandbox = await prepareSandbox({ choice: 'auto', stateDir });
    expect(sandbox.status).toMatchObject({ requested: 'auto', backend: 'bwrap', strength: 'strong' });
    expect(sandbox.status.description).toMatch(/^Sandboxed with bubblewrap: system read-only/);
  });

  it('none is explicit and shown as unsandboxed; children then only lose the named variables', async () => {
    const sandbox = await prepareSandbox({ choice: 'none', stateDir });
    expect(sandbox.status).toEqual({
      requested: 'none',
      backend: 'none',
      strength: 'none',
      network: 'on',
      children: 'shared',
      description: "Not sandboxed (chosen): OpenCode, its shells and MCP servers run with your account's full access.",
    });
    expect(sandbox.childBoundary({ unsetEnv: ['A', 'B'] }).prefix).toEqual(['/usr/bin/env', '-u', 'A', '-u', 'B']);
    const command = sandbox.command({ command: '/usr/bin/true', args: ['x'], env: { A: '1' }, cwd: '/tmp', workspaces: [] });
    expect(command).toEqual({ command: '/usr/bin/true', args: ['x'], env: { A: '1' }, cwd: '/tmp' });
  });

  it('an explicit backend that cannot run here is an error that says why', async () => {
    const error = await prepareSandbox({ choice: 'macos', stateDir, platform: 'linux' }).catch((e: unknown) => e as { code: string; message: string });
    expect(error).toMatchObject({ code: SandboxErrorCode.Unavailable, message: 'The macos sandbox cannot run here: Seatbelt (sandbox-exec) exists on macOS only.' });
  });

  it('auto with nothing that works runs unsandboxed and gives every reason', async () => {
    const windows = await prepareSandbox({ choice: 'auto', stateDir, platform: 'win32' });
    expect(windows.status).toMatchObject({ backend: 'none', strength: 'none', reason: 'no sandbox works on this machine (no sandbox backend exists for win32)' });
    expect(windows.status.description).toMatch(/^Not sandboxed: no sandbox works on this machine/);
    const mac = await prepareSandbox({ choice: 'auto', stateDir, platform: 'darwin' });
    expect(mac.status.backend).toBe(process.platform === 'darwin' ? 'macos' : 'none');
    if (process.platform !== 'darwin') expect(mac.status.reason).toMatch(/^no sandbox works on this machine \(macos: sandbox-exec does not work here: /);
  });
});
