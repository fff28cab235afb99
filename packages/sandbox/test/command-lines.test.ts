// The command lines each backend builds from a spec: what is mounted, in which order, what is
// unshared, and what never appears on a command line (variable values).
import { describe, expect, it } from 'vitest';
import { bwrapArgs, containerArgs, nestedBwrapArgs, ROOT_INSIDE_ID, type HostLayout, type SandboxSpec } from '../src/index.js';

const LAYOUT: HostLayout = {
  system: [{ path: '/usr' }, { path: '/bin', symlink: 'usr/bin' }, { path: '/lib64', symlink: 'usr/lib64' }, { path: '/etc' }],
  masked: ['/etc/shadow'],
  extraReadOnly: ['/run/systemd/resolve/stub-resolv.conf'],
  uid: 1000,
};

const SPEC: SandboxSpec = {
  command: '/opt/oc/bin/opencode',
  args: ['serve', '--port', '0'],
  env: { HOME: '/data/runtime/home', OPENCODE_SERVER_PASSWORD: 'pw-value-123' },
  cwd: '/data/runtime/home',
  workspaces: ['/home/u/project'],
  readOnly: ['/opt/oc', '/data'],
  writable: ['/data/runtime'],
  mounts: [{ host: '/srv/sets', name: 'sets', mode: 'ro' }],
  network: 'on',
};

/** The pairs `flag a b` in order, e.g. all `--ro-bind` sources. */
function triples(args: readonly string[], flag: string): [string, string][] {
  const found: [string, string][] = [];
  args.forEach((arg, index) => {
    if (arg === flag) found.push([args[index + 1] ?? '', args[index + 2] ?? '']);
  });
  return found;
}

describe('bubblewrap (outer boundary)', () => {
  const args = bwrapArgs(SPEC, LAYOUT);

  it('unshares everything but the network, drops every capability and dies with its parent', () => {
    for (const flag of ['--die-with-parent', '--new-session', '--unshare-user', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try']) expect(args).toContain(flag);
    expect(args).not.toContain('--unshare-net');
    expect(args.join(' ')).toContain('--cap-drop ALL');
    expect(bwrapArgs({ ...SPEC, network: 'off' }, LAYOUT)).toContain('--unshare-net');
  });

  it('shows the system read-only (symlinks kept), masks host secrets, and gives a private /proc, /dev and /tmp', () => {
    expect(triples(args, '--ro-bind')).toEqual(
      expect.arrayContaining([['/usr', '/usr'], ['/etc', '/etc'], ['/dev/null', '/etc/shadow'], ['/run/systemd/resolve/stub-resolv.conf', '/run/systemd/resolve/stub-resolv.conf']]),
    );
    expect(triples(args, '--symlink')).toEqual([['usr/bin', '/bin'], ['usr/lib64', '/lib64']]);
    expect(args.join(' ')).toContain('--proc /proc --dev /dev --tmpfs /tmp');
  });

  it('binds only the spec\'s folders, parents first, so a writable folder inside a read-only one stays writable', () => {
    const binds = args.flatMap((arg, i) => (arg === '--bind' || arg === '--ro-bind' ? [`${arg} ${args[i + 1]} ${args[i + 2]}`] : [])).filter((line) => !/\/(usr|etc|dev\/null|run)\b/.test(line.split(' ')[1] ?? ''));
    expect(binds).toEqual([
      '--ro-bind /data /data',
      '--bind /data/runtime /data/runtime',
      '--ro-bind /opt/oc /opt/oc',
      '--bind /home/u/project /home/u/project',
      '--ro-bind /srv/sets /workspace/extra/sets',
    ]);
    expect(args.some((arg) => arg === '/home' || arg === '/home/u')).toBe(false);
  });

  it('ends with the working directory and the program; variable values never appear in the arguments', () => {
    expect(args.slice(-7)).toEqual(['--chdir', '/data/runtime/home', '--', '/opt/oc/bin/opencode', 'serve', '--port', '0']);
    expect(args.join(' ')).not.toContain('pw-value-123');
  });

  it('covers a hidden folder inside a visible one, keeps deeper binds visible, and drops hidden folders nothing shows', () => {
    const hidden = bwrapArgs({ ...SPEC, workspaces: ['/home/u'], writable: ['/home/u/.data/runtime'], hidden: ['/home/u/.data', '/srv/elsewhere'] }, LAYOUT).join(' ');
    const order = ['--bind /home/u /home/u', '--tmpfs /home/u/.data', '--bind /home/u/.data/runtime /home/u/.data/runtime'].map((part) => hidden.indexOf(part));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);
    expect(hidden).not.toContain('/srv/elsewhere');
    expect(() => bwrapArgs({ ...SPEC, workspaces: ['/home/u'], hidden: ['/home/u'], cwd: '/home/u', writable: [] }, LAYOUT)).toThrow(/working directory \/home\/u is not inside/);
  });

  it('blanks a hidden file inside a visible folder with an empty one, but not one nothing shows or a hidden folder already covers', () => {
    const args = bwrapArgs({ ...SPEC, hidden: ['/home/u/project/.opencode'], hiddenFiles: ['/home/u/project/opencode.json', '/home/u/project/.opencode/opencode.json', '/srv/opencode.json'] }, LAYOUT);
    expect(triples(args, '--ro-bind')).toContainEqual(['/dev/null', '/home/u/project/opencode.json']);
    expect(args.join(' ')).toContain('--tmpfs /home/u/project/.opencode');
    expect(args.join(' ')).not.toContain('/home/u/project/.opencode/opencode.json');
    expect(args.join(' ')).not.toContain('/srv/opencode.json');
  });

  it('runs root as an unprivileged uid inside (so children can have boundaries of their own)', () => {
    expect(bwrapArgs(SPEC, { ...LAYOUT, uid: 0 }).join(' ')).toContain(`--uid ${ROOT_INSIDE_ID} --gid ${ROOT_INSIDE_ID}`);
    expect(args).not.toContain('--uid');
  });

  it('refuses a program or working directory the boundary would not show', () => {
    expect(() => bwrapArgs({ ...SPEC, cwd: '/home/u' }, LAYOUT)).toThrow('The working directory /home/u is not inside any folder the sandbox makes visible.');
    expect(() => bwrapArgs({ ...SPEC, command: '/home/u/bin/tool' }, LAYOUT)).toThrow(/The program \/home\/u\/bin\/tool is not inside any folder/);
    expect(() => bwrapArgs({ ...SPEC, command: 'opencode' }, LAYOUT)).toThrow(/must be an absolute path/);
    expect(() => bwrapArgs({ ...SPEC, workspaces: ['project'] }, LAYOUT)).toThrow(/Sandbox paths must be absolute; "project" is not/);
  });
});

describe('bubblewrap (nested boundary for children)', () => {
  it('gives the child its own PID namespace and /proc, covers private folders, and forbids further user namespaces', () => {
    const args = nestedBwrapArgs({ proc: 'proc', hide: ['/data/runtime'], keep: ['/data/runtime/home'], hideFiles: ['/data/pids.json'], unsetEnv: ['OPENCODE_SERVER_PASSWORD'] });
    expect(args.join(' ')).toBe(
      '--die-with-parent --unshare-user --disable-userns --unshare-pid --cap-drop ALL --bind / / --proc /proc --tmpfs /data/runtime --bind /data/runtime/home /data/runtime/home --ro-bind /dev/null /data/pids.json --unsetenv OPENCODE_SERVER_PASSWORD',
    );
  });

  it('without a fresh /proc, covers the parent\'s with an empty folder', () => {
    expect(nestedBwrapArgs({ proc: 'none' }).join(' ')).toContain('--bind / / --tmpfs /proc');
  });
});

describe('containers', () => {
  const target = { name: 'open-cowork-t1', rootfs: '/state/podman-rootfs', runtime: 'runc', ulimits: { nofile: 1024, nproc: 2048 } };
  const podman = containerArgs('podman', SPEC, LAYOUT, target);

  it('no capabilities, read-only root, no privilege gain, limits, private /tmp', () => {
    const line = podman.join(' ');
    for (const part of ['run --rm --init --name open-cowork-t1', '--runtime runc', '--cap-drop ALL', '--read-only', '--security-opt no-new-privileges', '--memory 2048m', '--cpus 2', '--pids-limit 1024', '--ulimit nofile=1024:1024', '--ulimit nproc=2048:2048', '--tmpfs /tmp:rw,nosuid,nodev', '--network host']) {
      expect(line).toContain(part);
    }
    const limited = containerArgs('docker', { ...SPEC, network: 'off', limits: { memoryMb: 256, cpus: 0.5, pids: 64 } }, LAYOUT, { name: 'n', image: 'img' }).join(' ');
    expect(limited).toContain('--memory 256m --cpus 0.5 --pids-limit 64');
    expect(limited).toContain('--network none');
  });

  it('mounts the system read-only, the workspace at its own path and at /workspace, extras under /workspace/extra', () => {
    const volumes = podman.flatMap((arg, i) => (arg === '--volume' ? [podman[i + 1]] : []));
    expect(volumes).toEqual([
      '/usr:/usr:ro',
      '/usr/bin:/bin:ro',
      '/usr/lib64:/lib64:ro',
      '/etc:/etc:ro',
      '/dev/null:/etc/shadow:ro',
      '/run/systemd/resolve/stub-resolv.conf:/run/systemd/resolve/stub-resolv.conf:ro',
      '/data:/data:ro',
      '/data/runtime:/data/runtime:rw',
      '/opt/oc:/opt/oc:ro',
      '/home/u/project:/home/u/project:rw',
      '/srv/sets:/workspace/extra/sets:ro',
      '/home/u/project:/workspace:rw',
    ]);
  });

  it('hides folders inside the workspace under both of its names', () => {
    const args = containerArgs('podman', { ...SPEC, workspaces: ['/home/u/project'], writable: ['/home/u/project/.oc/runtime'], hidden: ['/home/u/project/.oc'] }, LAYOUT, target).join(' ');
    expect(args).toContain('--tmpfs /home/u/project/.oc:rw,nosuid,nodev,size=1m --volume /home/u/project/.oc/runtime:/home/u/project/.oc/runtime:rw');
    expect(args).toContain('--volume /home/u/project:/workspace:rw --tmpfs /workspace/.oc:rw,nosuid,nodev,size=1m');
  });

  it('blanks hidden files inside the workspace under both of its names', () => {
    const args = containerArgs('podman', { ...SPEC, hiddenFiles: ['/home/u/project/opencode.jsonc'] }, LAYOUT, target).join(' ');
    expect(args).toContain('--volume /dev/null:/home/u/project/opencode.jsonc:ro');
    expect(args).toContain('--volume /home/u/project:/workspace:rw --volume /dev/null:/workspace/opencode.jsonc:ro');
  });

  it('passes variables by name only, and keeps a non-root user\'s identity', () => {
    expect(podman.join(' ')).toContain('--env HOME --env OPENCODE_SERVER_PASSWORD');
    expect(podman.join(' ')).not.toContain('pw-value-123');
    expect(podman.join(' ')).toContain('--userns keep-id');
    expect(containerArgs('docker', SPEC, LAYOUT, { name: 'n', image: 'img' }).join(' ')).toMatch(/--user 1000:\d+/);
    expect(containerArgs('podman', SPEC, { ...LAYOUT, uid: 0 }, target).join(' ')).not.toContain('--userns');
  });

  it('ends with the root (podman) or image, then the program', () => {
    expect(podman.slice(-8)).toEqual(['--workdir', '/data/runtime/home', '--rootfs', '/state/podman-rootfs', '/opt/oc/bin/opencode', 'serve', '--port', '0']);
    expect(containerArgs('docker', SPEC, LAYOUT, { name: 'n', image: 'img:1' }).slice(-5)).toEqual(['img:1', '/opt/oc/bin/opencode', 'serve', '--port', '0']);
    expect(() => containerArgs('docker', SPEC, LAYOUT, { name: 'n' })).toThrow('The docker backend needs an image.');
  });
});

describe('labels and long-lived boundaries', () => {
  it('bubblewrap carries the label on its command line and outlives its parent only when asked', () => {
    const layout: HostLayout = { system: [{ path: '/usr' }], masked: [], extraReadOnly: [], uid: 1000 };
    const spec: SandboxSpec = { command: '/usr/bin/true', args: [], env: {}, cwd: '/usr', workspaces: [], network: 'on' };
    expect(bwrapArgs(spec, layout)).toContain('--die-with-parent');
    const kept = bwrapArgs({ ...spec, outliveParent: true, label: 'open-cowork.jobs:abc:s-1' }, layout);
    expect(kept).not.toContain('--die-with-parent');
    const at = kept.indexOf('--setenv');
    expect(kept.slice(at, at + 3)).toEqual(['--setenv', 'OPEN_COWORK_SANDBOX', 'open-cowork.jobs:abc:s-1']);
    expect(at).toBeLessThan(kept.indexOf('--'));
    expect(() => bwrapArgs({ ...spec, label: 'two words' }, layout)).toThrow(/sandbox label/);
  });
});
