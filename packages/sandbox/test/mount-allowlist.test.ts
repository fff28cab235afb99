// Extra mounts are allowed only under a root the user listed; symlinks and `..` never lead out.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMounts, loadMountAllowlist, MOUNT_ALLOWLIST_ENV, mountAllowlistPath, parseMountRequest, SandboxErrorCode, type MountAllowlist } from '../src/index.js';

let base: string;
let allowed: string;
let outside: string;
let file: string;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'oc-allow-'));
  allowed = path.join(base, 'allowed');
  outside = path.join(base, 'outside');
  mkdirSync(path.join(allowed, 'datasets', 'nested'), { recursive: true });
  mkdirSync(path.join(outside, 'private'), { recursive: true });
  writeFileSync(path.join(allowed, 'a-file.txt'), 'x');
  // A link inside the listed root that points out of it, and one that stays in.
  symlinkSync(path.join(outside, 'private'), path.join(allowed, 'escape'));
  symlinkSync(path.join(allowed, 'datasets'), path.join(allowed, 'inner-link'));
  file = path.join(base, 'home', '.config', 'open-cowork', 'sandbox-mount-allowlist.json');
  mkdirSync(path.dirname(file), { recursive: true });
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function allowlistWith(content: unknown): Promise<MountAllowlist> {
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return loadMountAllowlist(file, path.join(base, 'home'));
}

async function refusal(requests: string[], allowlist: MountAllowlist): Promise<{ code: string; message: string }> {
  return checkMounts(requests, allowlist).then(
    () => ({ code: 'accepted', message: '' }),
    (error: { code: string; message: string }) => ({ code: error.code, message: error.message }),
  );
}

describe('parsing HOST:NAME[:ro|rw]', () => {
  it('reads the host folder, the name and the mode (read-only unless rw)', () => {
    expect(parseMountRequest('/data/sets:datasets')).toMatchObject({ host: '/data/sets', name: 'datasets', mode: 'ro' });
    expect(parseMountRequest('/data/sets:datasets:rw')).toMatchObject({ mode: 'rw' });
    expect(parseMountRequest('/data/with:colon:sets:ro')).toMatchObject({ host: '/data/with:colon', name: 'sets', mode: 'ro' });
  });

  it('refuses relative hosts, missing parts and names that could leave /workspace/extra', () => {
    for (const bad of ['data:sets', ':sets', '/data', '/data:..', '/data:a/b', '/data:', '/data:.hidden']) {
      expect(() => parseMountRequest(bad), bad).toThrow(/Mount ".*": .*expected HOST:NAME\[:ro\|rw\]/);
    }
  });
});

describe('the allowlist file', () => {
  it('lives in ~/.config/<dataDirName>/ unless the environment names another file', () => {
    expect(mountAllowlistPath({ dataDirName: 'acme-cowork', homeDir: '/home/u' })).toBe('/home/u/.config/acme-cowork/sandbox-mount-allowlist.json');
    expect(mountAllowlistPath({ dataDirName: 'x', homeDir: '/home/u', env: { [MOUNT_ALLOWLIST_ENV]: '/etc/oc/allow.json' } })).toBe('/etc/oc/allow.json');
    expect(() => mountAllowlistPath({ dataDirName: 'x', homeDir: '/h', env: { [MOUNT_ALLOWLIST_ENV]: 'relative.json' } })).toThrow(/must be an absolute path/);
  });

  it('a missing file allows nothing, and the refusal names the file to create', async () => {
    const allowlist = await loadMountAllowlist(path.join(base, 'nope.json'), base);
    expect(allowlist).toEqual({ file: path.join(base, 'nope.json'), exists: false, roots: [] });
    const { code, message } = await refusal([`${allowed}:sets`], allowlist);
    expect(code).toBe(SandboxErrorCode.MountRefused);
    expect(message).toContain(`needs a folder listed in ${path.join(base, 'nope.json')}`);
  });

  it('broken files are errors that say what is wrong and where', async () => {
    await expect(allowlistWith('{ not json')).rejects.toThrow(new RegExp(`${file}.*not JSON`));
    await expect(allowlistWith({ folders: [] })).rejects.toThrow(/needs a "roots" list/);
    await expect(allowlistWith({ roots: ['relative/dir'] })).rejects.toThrow(/roots\[0\] \("relative\/dir"\) must be an absolute path/);
    await expect(allowlistWith({ roots: [{ path: allowed, mode: 'rwx' }] })).rejects.toThrow(/roots\[0\]\.mode must be "ro" or "rw"/);
  });

  it('expands ~/ and resolves listed roots; roots that do not exist allow nothing', async () => {
    mkdirSync(path.join(base, 'home', 'shared'), { recursive: true });
    const allowlist = await allowlistWith({ roots: ['~/shared', path.join(base, 'missing'), { path: allowed, mode: 'ro' }] });
    expect(allowlist.roots).toEqual([
      { path: path.join(base, 'home', 'shared'), mode: 'rw' },
      { path: allowed, mode: 'ro' },
    ]);
  });
});

describe('checking mounts', () => {
  it('accepts a folder under a listed root, by its real path', async () => {
    const allowlist = await allowlistWith({ roots: [allowed] });
    expect(await checkMounts([`${allowed}/datasets:sets`, `${allowed}/inner-link/nested:nested:rw`], allowlist)).toEqual([
      { host: path.join(allowed, 'datasets'), name: 'sets', mode: 'ro' },
      { host: path.join(allowed, 'datasets', 'nested'), name: 'nested', mode: 'rw' },
    ]);
  });

  it('refuses folders outside every root, naming the file to edit', async () => {
    const allowlist = await allowlistWith({ roots: [allowed] });
    const { code, message } = await refusal([`${outside}/private:p`], allowlist);
    expect(code).toBe(SandboxErrorCode.MountRefused);
    expect(message).toBe(
      `Mount "${outside}/private:p" refused: ${path.join(outside, 'private')} is not under any folder listed in ${file}. Add a folder that contains it to "roots" in that file to allow it.`,
    );
  });

  it('a symlink inside a listed root that points outside it does not escape', async () => {
    const allowlist = await allowlistWith({ roots: [allowed] });
    const { code, message } = await refusal([`${allowed}/escape:p`], allowlist);
    expect(code).toBe(SandboxErrorCode.MountRefused);
    expect(message).toContain(`${path.join(outside, 'private')} is not under any folder listed in`);
  });

  it('`..` does not escape, and a sibling whose name starts like the root is not inside it', async () => {
    mkdirSync(`${allowed}-evil`, { recursive: true });
    const allowlist = await allowlistWith({ roots: [allowed] });
    expect((await refusal([`${allowed}/datasets/../../outside/private:p`], allowlist)).message).toContain('is not under any folder listed in');
    expect((await refusal([`${allowed}-evil:p`], allowlist)).message).toContain('is not under any folder listed in');
  });

  it('a root that is itself a symlink allows what its target holds, under the real path', async () => {
    const link = path.join(base, 'link-to-allowed');
    symlinkSync(allowed, link);
    const allowlist = await allowlistWith({ roots: [link] });
    expect(await checkMounts([`${allowed}/datasets:sets`], allowlist)).toEqual([{ host: path.join(allowed, 'datasets'), name: 'sets', mode: 'ro' }]);
  });

  it('refuses rw under a read-only root, missing folders, files and a name used twice', async () => {
    const readOnly = await allowlistWith({ roots: [{ path: allowed, mode: 'ro' }] });
    expect((await refusal([`${allowed}/datasets:sets:rw`], readOnly)).message).toContain(`${allowed} is listed read-only in ${file}`);
    const allowlist = await allowlistWith({ roots: [allowed] });
    expect((await refusal([`${allowed}/absent:a`], allowlist)).message).toContain('does not exist');
    expect((await refusal([`${allowed}/a-file.txt:a`], allowlist)).message).toContain('is not a folder');
    expect((await refusal([`${allowed}/datasets:a`, `${allowed}/datasets/nested:a`], allowlist)).message).toContain('the name "a" is already used');
  });
});
