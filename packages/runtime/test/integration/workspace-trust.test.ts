// Workspace trust, attacked with the real runtime in its default sandbox: OpenCode plugins
// planted in a workspace, in a parent folder that is itself a workspace, in an ancestor the
// sandbox shows (owned by another user, like a /tmp/.opencode), and named by an opencode.json.
// Each plugin appends a line to its own marker file when OpenCode imports it. A trusted
// workspace's plugin is the control: its marker proves plugins were being loaded at all.
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRuntimeError, RuntimeRequestErrorCode, RuntimeSessions } from '../../src/index.js';
import { followEvents, type EventLog } from '../support/events.js';
import { startHarness, until, type Harness } from '../support/harness.js';

let base: string;
let markers: string;
const folders = {
  ancestor: '',
  parent: '',
  child: '',
  trusted: '',
  late: '',
};

/** A plugin that says it was loaded, in `<markers>/<name>.log`. */
function plant(file: string, name: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const marker = path.join(markers, `${name}.log`);
  writeFileSync(file, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(marker)}, 'loaded by ' + process.pid + '\\n');\nexport const Marker = async () => ({});\n`);
}

const loads = (name: string): number => {
  const file = path.join(markers, `${name}.log`);
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
};

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'oc-trust-'));
  folders.ancestor = base;
  folders.parent = path.join(base, 'parent');
  folders.child = path.join(base, 'parent', 'child');
  folders.trusted = path.join(base, 'trusted');
  folders.late = path.join(base, 'late');
  markers = path.join(folders.trusted, 'markers');
  for (const dir of Object.values(folders)) mkdirSync(dir, { recursive: true });
  mkdirSync(markers, { recursive: true });
  plant(path.join(folders.ancestor, '.opencode', 'plugins', 'ancestor.js'), 'ancestor');
  plant(path.join(folders.parent, '.opencode', 'plugin', 'parent.js'), 'parent');
  plant(path.join(folders.parent, 'config-plugin.js'), 'parent-config');
  writeFileSync(path.join(folders.parent, 'opencode.json'), JSON.stringify({ plugin: ['./config-plugin.js'] }));
  plant(path.join(folders.child, '.opencode', 'plugins', 'child.js'), 'child');
  plant(path.join(folders.trusted, '.opencode', 'plugins', 'control.js'), 'control');
  // The ancestor's folder belongs to another user, as a /tmp/.opencode planted by one would.
  if (process.getuid?.() === 0) chownSync(path.join(folders.ancestor, '.opencode'), 65534, 65534);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A runtime over these folders, with `trusted` read at every boot (as the host's trust store is). */
async function runtime(trusted: { list: string[] }, backend?: 'none'): Promise<{ harness: Harness; sessions: RuntimeSessions; log: EventLog }> {
  const harness = await startHarness({
    rules: [{ match: {}, reply: { text: 'Hello.' } }],
    supervisor: {
      sandbox: {
        ...(backend ? { backend } : {}),
        workspaces: () => [folders.parent, folders.child, folders.trusted, folders.late],
        // The sandbox shows the common ancestor (read-only), as it would an install folder above a workspace.
        readOnly: [base],
        trustedFolders: () => trusted.list,
      },
    },
  });
  const log = followEvents(harness.supervisor);
  await harness.supervisor.start();
  const sessions = new RuntimeSessions(() => harness.supervisor.connection().client, { beforeCall: (directory) => harness.supervisor.prepareFor(directory) });
  return { harness, sessions, log };
}

async function hello(run: { sessions: RuntimeSessions; log: EventLog }, directory: string): Promise<void> {
  const session = await run.sessions.create({ directory });
  await expect(run.sessions.promptAndWait({ directory, sessionId: session.id, text: 'hello' }, { events: run.log.events, timeoutMs: 30_000 })).resolves.toMatchObject({ status: 'completed' });
}

describe.runIf(process.platform === 'linux')('workspace trust with the runtime sandboxed', () => {
  const trusted = { list: [] as string[] };
  let run: Awaited<ReturnType<typeof runtime>>;

  beforeAll(async () => {
    trusted.list = [folders.trusted, folders.child];
    run = await runtime(trusted);
  }, 120_000);
  afterAll(async () => {
    run?.log.dispose();
    await run?.harness.dispose();
  });

  it('loads a trusted workspace\'s plugin, but nothing of an untrusted parent or ancestor, however a session reaches them', async () => {
    expect(run.harness.supervisor.sandboxStatus?.backend).toBe('bwrap');
    for (const directory of [folders.parent, folders.child, folders.late]) await hello(run, directory);
    await hello(run, folders.trusted);
    await until(() => loads('control') === 1, 'the trusted workspace\'s plugin to load');
    // A second round: every folder's configuration was read long ago.
    for (const directory of [folders.parent, folders.child, folders.late]) await hello(run, directory);
    expect(loads('child')).toBe(1); // trusted: its own plugin loads
    expect(loads('parent')).toBe(0); // the parent is a visible workspace, but not trusted
    expect(loads('parent-config')).toBe(0); // …nor is the plugin its opencode.json names
    expect(loads('ancestor')).toBe(0); // the ancestor is visible, but not trusted
    expect(run.harness.supervisor.logs.tail(200)).toContain(`Covered OpenCode configuration of folders that are not trusted`);
  }, 180_000);

  it('configuration that appears after the start is covered before the folder\'s first use (one restart)', async () => {
    plant(path.join(folders.late, '.opencode', 'plugins', 'late.js'), 'late-unused');
    const fresh = path.join(base, 'late', 'fresh');
    mkdirSync(fresh, { recursive: true });
    plant(path.join(fresh, '.opencode', 'plugins', 'fresh.js'), 'fresh');
    const boots = run.harness.boots();
    // `late` was used in this boot already (OpenCode read its folders then): no restart for it.
    await hello(run, folders.late);
    expect(run.harness.boots()).toBe(boots);
    // A folder not yet used with new configuration around it: covered by a restart before its first use.
    await hello(run, fresh);
    expect(run.harness.boots()).toBe(boots + 1);
    await hello(run, folders.trusted);
    await until(() => loads('control') === 2, 'the control plugin to load in the new boot');
    await hello(run, fresh);
    expect(loads('fresh')).toBe(0);
    expect(loads('late-unused')).toBe(0);
    rmSync(path.join(folders.late, '.opencode'), { recursive: true, force: true });
    rmSync(fresh, { recursive: true, force: true });
  }, 180_000);

  it('trusting a parent folder exactly loads its plugins in a child\'s session too (so covering it above mattered)', async () => {
    trusted.list = [folders.trusted, folders.parent];
    await run.harness.supervisor.restart('trust changed');
    const before = loads('control');
    await hello(run, folders.child);
    await hello(run, folders.trusted);
    await until(() => loads('control') === before + 1, 'the control plugin to load');
    await until(() => loads('parent') >= 1, 'the trusted parent\'s plugin to load from the child\'s session');
    await hello(run, folders.child);
    expect(loads('ancestor')).toBe(0);
  }, 180_000);

  it('revoking trust stops a plugin after the reload', async () => {
    trusted.list = [folders.trusted, folders.child];
    await run.harness.supervisor.restart('trust changed');
    await hello(run, folders.child);
    const child = loads('child');
    const control = loads('control');
    trusted.list = [folders.trusted];
    await run.harness.supervisor.restart('trust revoked');
    await hello(run, folders.child);
    await hello(run, folders.trusted);
    await until(() => loads('control') === control + 1, 'the control plugin to load after the reload');
    await hello(run, folders.child);
    expect(loads('child')).toBe(child);
  }, 180_000);
});

describe('workspace trust with the runtime unsandboxed (by choice)', () => {
  const trusted = { list: [] as string[] };
  let run: Awaited<ReturnType<typeof runtime>>;

  beforeAll(async () => {
    run = await runtime(trusted, 'none');
  }, 120_000);
  afterAll(async () => {
    run?.log.dispose();
    await run?.harness.dispose();
  });

  it('refuses every call in a folder with untrusted configuration in it or above it, naming the folders; nothing loads', async () => {
    const before = { child: loads('child'), parent: loads('parent'), ancestor: loads('ancestor') };
    trusted.list = [folders.child];
    for (const [directory, named] of [
      [folders.parent, [folders.parent, folders.ancestor]],
      [folders.child, [folders.parent, folders.ancestor]], // trusting the child says nothing about its parents
      [folders.late, [folders.ancestor]],
    ] as const) {
      const refused = await run.sessions.create({ directory }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isRuntimeError(refused, RuntimeRequestErrorCode.Untrusted), `a call in ${directory} is refused`).toBe(true);
      const error = refused as Error & { data?: { untrustedFolders?: string[] } };
      // (Whatever the machine has above the test's folder is not this test's business.)
      expect(error.data?.untrustedFolders?.filter((folder) => folder.startsWith(base))).toEqual(named);
      expect(error.message).toContain('runs without a sandbox');
    }
    expect({ child: loads('child'), parent: loads('parent'), ancestor: loads('ancestor') }).toEqual(before);
  }, 120_000);

  it('works in a folder once every folder around it with configuration is trusted', async () => {
    trusted.list = [folders.child, folders.parent, folders.ancestor, folders.trusted];
    const before = loads('child');
    await hello(run, folders.child);
    await until(() => loads('child') === before + 1, 'the trusted child\'s plugin to load');
  }, 120_000);
});
