// The configuration OpenCode 1.18.33 picks up from the folders it works in, on its own: for a
// session in folder F it walks from F up towards the filesystem root (it stops at F's git root,
// which this scan does not rely on) and, in every folder on the way, reads
//   - `.opencode/`: plugins (`plugin(s)/*.{js,ts}`, imported into the runtime process), custom
//     tools, agents, commands, modes, skills, and an `opencode.json(c)` of its own;
//   - `opencode.json` / `opencode.jsonc`: settings that may name plugins, MCP servers, agents,
//     providers and permissions.
// OPENCODE_DISABLE_PROJECT_CONFIG stops only part of that (its older loader); the loader that
// imports plugins reads every `.opencode` folder regardless. So the runtime keeps them out
// itself: this module finds them, the boundary covers those of untrusted folders.
// Instructions (AGENTS.md and the like) are text for the model and are not looked for.
import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export const PROJECT_CONFIG_FOLDER = '.opencode';
export const PROJECT_CONFIG_FILES: readonly string[] = ['opencode.json', 'opencode.jsonc'];

/** What an item found is, for people deciding whether to trust its folder. */
export type ProjectConfigKind = 'plugin' | 'tool' | 'agent' | 'command' | 'mode' | 'skill' | 'config' | 'other';

export interface ProjectConfigItem {
  /** Where it is (as found, links not followed). */
  readonly path: string;
  readonly kind: ProjectConfigKind;
}

/** One folder that holds OpenCode configuration. */
export interface FolderConfig {
  /** The folder (a real path). */
  readonly folder: string;
  /** Real paths of the folders OpenCode would read (the `.opencode` folder, or where its link leads). */
  readonly folders: readonly string[];
  /** Real paths of the files OpenCode would read (`opencode.json(c)`, or where their links lead). */
  readonly files: readonly string[];
  /** What they hold, for people: at most `limit`, plugins first. Empty when there is nothing but support files. */
  readonly items: readonly ProjectConfigItem[];
  /** How many items were left out past the limit. */
  readonly more: number;
}

/** Sub-folders of `.opencode` and what OpenCode makes of the files in them. */
const SUBFOLDER_KINDS: Readonly<Record<string, ProjectConfigKind>> = {
  plugin: 'plugin',
  plugins: 'plugin',
  tool: 'tool',
  tools: 'tool',
  agent: 'agent',
  agents: 'agent',
  command: 'command',
  commands: 'command',
  mode: 'mode',
  modes: 'mode',
  skill: 'skill',
  skills: 'skill',
};

/** Files OpenCode itself keeps in a `.opencode` folder (its plugin dependencies): nothing to ask about. */
const SUPPORT_FILES: ReadonlySet<string> = new Set(['.gitignore', 'node_modules', 'package.json', 'package-lock.json', 'bun.lock', 'bun.lockb']);

const KIND_ORDER: readonly ProjectConfigKind[] = ['plugin', 'tool', 'config', 'agent', 'command', 'mode', 'skill', 'other'];

export interface ScanOptions {
  /** Most items listed per folder. Default 50. */
  readonly limit?: number;
}

/**
 * The OpenCode configuration in `folder` and in every folder above it up to the filesystem
 * root, nearest first; folders without any are left out. A folder that does not exist has
 * none of its own (its parents are still looked at).
 */
export async function findProjectConfig(folder: string, options: ScanOptions = {}): Promise<FolderConfig[]> {
  const found: FolderConfig[] = [];
  for (const dir of await chainOf(folder)) {
    const config = await configIn(dir, options.limit ?? 50);
    if (config !== undefined) found.push(config);
  }
  return found;
}

/** `folder` (its real path when it exists) and each parent folder up to the root. */
export async function chainOf(folder: string): Promise<string[]> {
  const resolved = path.resolve(folder);
  const start = await realpath(resolved).catch(() => resolved);
  const chain: string[] = [];
  for (let dir = start; ; dir = path.dirname(dir)) {
    chain.push(dir);
    if (path.dirname(dir) === dir) return chain;
  }
}

async function configIn(dir: string, limit: number): Promise<FolderConfig | undefined> {
  const folders: string[] = [];
  const files: string[] = [];
  const items: ProjectConfigItem[] = [];
  for (const name of [PROJECT_CONFIG_FOLDER, ...PROJECT_CONFIG_FILES]) {
    const entry = path.join(dir, name);
    const target = await resolveEntry(entry);
    if (target === undefined) continue;
    if (target.isDirectory) {
      folders.push(target.real);
      items.push(...(name === PROJECT_CONFIG_FOLDER ? await folderItems(entry) : [{ path: entry, kind: 'other' as const }]));
    } else {
      files.push(target.real);
      items.push({ path: entry, kind: name === PROJECT_CONFIG_FOLDER ? 'other' : 'config' });
    }
  }
  if (folders.length === 0 && files.length === 0) return undefined;
  items.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compare(a.path, b.path));
  return { folder: dir, folders, files, items: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}

/** The real path behind an entry and whether it is a folder; undefined when it is absent or a dangling link. */
async function resolveEntry(entry: string): Promise<{ real: string; isDirectory: boolean } | undefined> {
  try {
    await lstat(entry);
  } catch {
    return undefined;
  }
  try {
    const real = await realpath(entry);
    return { real, isDirectory: (await stat(real)).isDirectory() };
  } catch {
    return undefined; // a link leading nowhere: nothing there to load
  }
}

/** What a `.opencode` folder holds, one level into its known sub-folders. */
async function folderItems(dir: string): Promise<ProjectConfigItem[]> {
  const items: ProjectConfigItem[] = [];
  for (const entry of await entries(dir)) {
    const full = path.join(dir, entry.name);
    const kind = SUBFOLDER_KINDS[entry.name];
    if (kind !== undefined && (entry.isDirectory() || entry.isSymbolicLink())) {
      const inside = await entries(full);
      for (const item of inside) items.push({ path: path.join(full, item.name), kind });
      continue;
    }
    if (SUPPORT_FILES.has(entry.name)) continue;
    items.push({ path: full, kind: PROJECT_CONFIG_FILES.includes(entry.name) ? 'config' : (kind ?? 'other') });
  }
  return items;
}

async function entries(dir: string): Promise<Dirent[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).sort((a, b) => compare(a.name, b.name));
  } catch {
    return []; // unreadable: nothing listed, the folder is still covered
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The configuration around `folders` (each of them and every parent) that sits in a folder
 * `trusted` does not list; each folder once, in the order first met. Trust is per exact
 * folder: trusting a folder says nothing about its parents or its sub-folders.
 */
export async function untrustedProjectConfig(folders: readonly string[], trusted: readonly string[]): Promise<FolderConfig[]> {
  const trustedReal = new Set(await Promise.all(trusted.map((folder) => realpath(folder).catch(() => path.resolve(folder)))));
  const seen = new Set<string>();
  const found: FolderConfig[] = [];
  for (const folder of folders) {
    for (const config of await findProjectConfig(folder)) {
      if (seen.has(config.folder) || trustedReal.has(config.folder)) continue;
      seen.add(config.folder);
      found.push(config);
    }
  }
  return found;
}
