import { EventEmitter } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { HostErrorCode } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { appPaths, ManualClock, NodeBrowserOpener, openerCommand, RecordingBrowserOpener, systemClock } from '../../src/ports/index.js';

describe('appPaths', () => {
  it('puts every state file under one absolute data dir', () => {
    const paths = appPaths('relative/data');
    const root = path.resolve('relative/data');
    expect(paths).toEqual({
      dataDir: root,
      settingsFile: path.join(root, 'settings.json'),
      workspacesFile: path.join(root, 'workspaces.json'),
      trustFile: path.join(root, 'workspace-trust.json'),
      keyFile: path.join(root, 'keys', 'secrets.key'),
      runtimeDir: path.join(root, 'runtime'),
      logDir: path.join(root, 'logs'),
      customMcpsFile: path.join(root, 'mcp.open-cowork.json'),
      artifactsDir: path.join(root, 'artifacts'),
      knowledgeDir: path.join(root, 'knowledge'),
      customSkillsDir: path.join(root, 'skills'),
      workflowsDir: path.join(root, 'workflows'),
      googleCredentialsFile: path.join(root, 'google', 'application_default_credentials.json'),
    });
  });
});

describe('clocks', () => {
  it('the manual clock moves only when told', () => {
    const clock = new ManualClock(1000);
    clock.advance(500);
    expect(clock.now()).toBe(1500);
    clock.set(42);
    expect(clock.now()).toBe(42);
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(1000);
  });
});

interface Spawned {
  command: string;
  args: readonly string[];
  options: unknown;
}

function fakeSpawn(outcome: 'spawn' | Error) {
  const calls: Spawned[] = [];
  const spawn = (command: string, args: readonly string[], options: unknown): ChildProcess => {
    calls.push({ command, args, options });
    const child = Object.assign(new EventEmitter(), { unref: () => undefined });
    setImmediate(() => (outcome === 'spawn' ? child.emit('spawn') : child.emit('error', outcome)));
    return child as unknown as ChildProcess;
  };
  return { spawn, calls };
}

describe('browser openers', () => {
  it('use the platform opener with the URL as one argument and no shell', async () => {
    const url = 'https://example.com/oauth?client_id=a&state=b c&redirect="x"';
    for (const [platform, command] of [['linux', 'xdg-open'], ['darwin', 'open'], ['win32', 'rundll32.exe']] as const) {
      const { spawn, calls } = fakeSpawn('spawn');
      await new NodeBrowserOpener({ platform, spawn }).open(url);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.command).toBe(command);
      expect(calls[0]?.args.at(-1)).toBe(new URL(url).href);
      expect(calls[0]?.options).toMatchObject({ shell: false, stdio: 'ignore' });
      expect(openerCommand(platform, 'https://a.example/').args).toContain('https://a.example/');
    }
  });

  it('refuse anything but http and https before spawning', async () => {
    const { spawn, calls } = fakeSpawn('spawn');
    const opener = new NodeBrowserOpener({ spawn });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'ms-settings:', 'not a url', '--help']) {
      await expect(opener.open(url)).rejects.toMatchObject({ code: HostErrorCode.BrowserUrlRejected });
    }
    expect(calls).toEqual([]);
    await expect(new RecordingBrowserOpener().open('file:///x')).rejects.toMatchObject({ code: HostErrorCode.BrowserUrlRejected });
  });

  it('say what failed and give the URL to open by hand when the opener cannot start', async () => {
    const { spawn } = fakeSpawn(Object.assign(new Error('spawn xdg-open ENOENT'), { code: 'ENOENT' }));
    const failure = await new NodeBrowserOpener({ platform: 'linux', spawn }).open('http://127.0.0.1:4096/').catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: HostErrorCode.BrowserOpenFailed, data: { command: 'xdg-open', url: 'http://127.0.0.1:4096/' } });
    expect((failure as Error).message).toContain('http://127.0.0.1:4096/');
  });

  it('the recording opener remembers what it opened', async () => {
    const opener = new RecordingBrowserOpener();
    await opener.open('https://example.com/a');
    await opener.open('http://localhost:3000');
    expect(opener.opened).toEqual(['https://example.com/a', 'http://localhost:3000/']);
  });
});
