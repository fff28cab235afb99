// The session cgroup (memory, CPU, processes): where the owner may not write to its cgroup
// hierarchy (an unprivileged user, as in CI), the limits are reported as not enforced, with the
// reason, and nothing is left behind; where it may, each limit lands in the group's files.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cgroupName, prepareSessionCgroup, removeSessionCgroup } from '../src/cgroup.js';

const SOURCE = path.join(import.meta.dirname, '../src/cgroup.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const NAME = cgroupName('0123456789abcdef', `unit-${process.pid}`);
const isRoot = process.getuid?.() === 0;

afterAll(() => removeSessionCgroup(NAME));

describe('session cgroup', () => {
  it('asks for nothing when every limit is 0', () => {
    expect(prepareSessionCgroup(NAME, { memoryBytes: 0, cpuCores: 0, maxProcesses: 0 })).toEqual({ enforcement: 'none', reason: 'no limits were asked for', procsFiles: [] });
  });

  it.skipIf(!isRoot)('reports the limits as not enforced, with why, for a user who may not write to the hierarchy', () => {
    // The same code as an unprivileged user (nobody): what an unprivileged CI container sees.
    const script = `import { prepareSessionCgroup } from ${JSON.stringify(pathToFileURL(SOURCE).href)}; console.log(JSON.stringify(prepareSessionCgroup(${JSON.stringify(NAME)}, { memoryBytes: 1e8, cpuCores: 1, maxProcesses: 50 })));`;
    const out = execFileSync(process.execPath, ['--import', TSX, '--input-type=module', '-e', script], { uid: 65534, gid: 65534, cwd: '/', encoding: 'utf8' });
    const group = JSON.parse(out.trim().split('\n').at(-1)!) as { enforcement: string; reason?: string; procsFiles: string[] };
    expect(group).toMatchObject({ enforcement: 'none', procsFiles: [] });
    expect(group.reason).toMatch(/^(the cgroup could not be set up \(E[A-Z]+\)|no cgroup hierarchy .*)$/);
  });

  it.skipIf(!isRoot)('writes each limit into the group where the hierarchy is writable', async (context) => {
    const group = prepareSessionCgroup(NAME, { memoryBytes: 256 * 1024 * 1024, cpuCores: 0.5, maxProcesses: 40 });
    if (group.enforcement === 'none') context.skip(`no writable cgroup here: ${group.reason ?? ''}`);
    const dirs = group.procsFiles.map((file) => path.dirname(file));
    const read = (file: string) => readFileSync(path.join(dirs.find((dir) => existsSync(path.join(dir, file)))!, file), 'utf8').trim();
    if (group.enforcement === 'cgroup-v2') {
      expect([read('memory.max'), read('pids.max'), read('cpu.max')]).toEqual([String(256 * 1024 * 1024), '40', '50000 100000']);
    } else {
      expect([read('memory.limit_in_bytes'), read('pids.max'), read('cpu.cfs_quota_us'), read('cpu.cfs_period_us')]).toEqual([String(256 * 1024 * 1024), '40', '50000', '100000']);
    }
    await removeSessionCgroup(NAME);
    for (const dir of dirs) expect(existsSync(dir)).toBe(false);
  });
});
