// What a boot shows the sandbox of the host, read from the built OpenCode config.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchPaths } from '../src/index.js';

const base = mkdtempSync(path.join(tmpdir(), 'oc-paths-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('launchPaths', () => {
  it('shows MCP programs and scripts read-only, their data folders read-write, their files read-only, skills read-only', () => {
    const script = path.join(base, 'mcps', 'clock', 'dist', 'index.js');
    const data = path.join(base, 'data', 'knowledge');
    const credentials = path.join(base, 'adc.json');
    const skill = path.join(base, 'skills', 'pdf');
    mkdirSync(path.dirname(script), { recursive: true });
    mkdirSync(data, { recursive: true });
    mkdirSync(skill, { recursive: true });
    writeFileSync(script, '');
    writeFileSync(credentials, '{}');
    const paths = launchPaths({
      mcp: {
        clock: { type: 'local', command: [process.execPath, script, '--flag', 'relative/file'], environment: { KNOWLEDGE: data, CREDS: credentials, TZ: 'UTC', MISSING: path.join(base, 'nope') } },
        remote: { type: 'remote', url: 'https://example.com' },
      },
      skills: { paths: [skill, path.join(base, 'absent')] },
    });
    expect(paths.readOnly).toEqual(expect.arrayContaining([path.dirname(script), credentials, skill]));
    expect(paths.readOnly.some((dir) => dir.startsWith(path.join(base, 'mcps')) && dir !== path.dirname(script))).toBe(false);
    expect(paths.writable).toEqual([data]);
  });

  it('shows a custom server\'s package and every node_modules folder Node would search', () => {
    const project = path.join(base, 'repo');
    const script = path.join(project, 'packages', 'server', 'dist', 'index.js');
    mkdirSync(path.dirname(script), { recursive: true });
    mkdirSync(path.join(project, 'node_modules'), { recursive: true });
    mkdirSync(path.join(project, 'packages', 'server', 'node_modules'), { recursive: true });
    writeFileSync(path.join(project, 'packages', 'server', 'package.json'), '{}');
    writeFileSync(script, '');
    const { readOnly } = launchPaths({ mcp: { custom: { type: 'local', command: ['/usr/bin/env', script] } } });
    expect(readOnly).toEqual(expect.arrayContaining([path.join(project, 'packages', 'server'), path.join(project, 'packages', 'server', 'node_modules'), path.join(project, 'node_modules')]));
    expect(readOnly).not.toContain(project);
  });

  it('a config without MCP servers or skills needs nothing', () => {
    expect(launchPaths({ model: 'a/b' })).toEqual({ readOnly: [], writable: [] });
    expect(launchPaths(undefined)).toEqual({ readOnly: [], writable: [] });
  });
});
