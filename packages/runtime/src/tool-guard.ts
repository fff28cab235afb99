// OpenCode's file tools (read, write, edit, list, glob, grep, patches) run inside the runtime
// process itself, so no process boundary stands between them and what the runtime holds:
// `/proc/self/environ` (the server password), the private config file (every provider key),
// the session database. Permission rules do not close this: a link inside the workspace
// pointing at /proc is read without any external-folder question (measured on 1.18.33), and a
// user's "always allow" can outrank a configured deny. OpenCode asks its plugins before every
// tool call (`tool.execute.before`) and lets them see every result (`tool.execute.after`);
// this plugin, loaded from the runtime's private config folder, refuses any call whose path
// resolves (links and `..` followed) into /proc or the app's data folder, and blanks known
// secret values out of every tool's output as a last net. Neither depends on the user's
// permission choices.
//
// On Linux it also marks the runtime process non-dumpable (prctl PR_SET_DUMPABLE 0, through
// Bun's FFI): the kernel then lets no process without CAP_SYS_PTRACE read the runtime's
// /proc/<pid>/environ, even one running as the same user. That protects the password where
// children share the runtime's process table (containers, no sandbox).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writePrivateFile } from './private-write.js';

export const TOOL_GUARD_PLUGIN = 'open-cowork-tool-guard.js';

/** The message a refused call returns to the model (and the tests look for). */
export const TOOL_GUARD_REFUSAL = 'Open Cowork refused this tool call';

export interface ToolGuardInput {
  /** Folders no in-process tool may read or change (the app's data folder, the runtime's own within it). */
  readonly privateRoots: readonly string[];
  /** Folders inside them that stay usable (OpenCode's truncated tool output, the runtime's home and temp). */
  readonly allowed: readonly string[];
  /** JSON file `{ "values": [...] }` of secret values to blank out of tool output. */
  readonly redactionsFile: string;
}

export function toolGuardPluginSource(input: ToolGuardInput): string {
  return `// Written by Open Cowork at every runtime start: keeps in-process tools away from the
// runtime's secrets, whatever the permission settings say (see tool-guard.ts).
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

const realOrSelf = (p) => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};
// Compared as real paths on both sides, so a root named through a link still matches.
const DENIED = ${JSON.stringify(['/proc', ...input.privateRoots])}.map(realOrSelf);
const ALLOWED = ${JSON.stringify(input.allowed)}.map(realOrSelf);
const REDACTIONS = ${JSON.stringify(input.redactionsFile)};
const PATH_ARGS = ['filePath', 'filepath', 'path', 'file', 'directory', 'dir', 'workdir', 'cwd'];
const PATCH_LINE = /^\\*\\*\\* (?:(?:Add|Update|Delete) File|Move to): (.+)$/gm;

// Not dumpable: only CAP_SYS_PTRACE may read this process's /proc entries (its environment).
if (process.platform === 'linux') {
  try {
    const { dlopen, FFIType } = await import('bun:ffi');
    const word = FFIType.u64;
    for (const name of ['libc.so.6', 'libc.musl-x86_64.so.1', 'libc.musl-aarch64.so.1']) {
      try {
        const libc = dlopen(name, { prctl: { args: [FFIType.i32, word, word, word, word], returns: FFIType.i32 } });
        libc.symbols.prctl(4 /* PR_SET_DUMPABLE */, 0, 0, 0, 0);
        libc.close();
        break;
      } catch {
        // try the next C library name
      }
    }
  } catch {
    // not Bun: nothing to do
  }
}

const within = (parent, child) => {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/** The real path, following links; for a path that does not exist yet, that of its nearest existing parent. */
const real = (given, base) => {
  let at = path.resolve(base, given.startsWith('~/') ? path.join(process.env.HOME ?? '/', given.slice(2)) : given);
  let rest = '';
  for (;;) {
    try {
      return path.join(realpathSync(at), rest);
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return path.join(at, rest);
      rest = path.join(path.basename(at), rest);
      at = parent;
    }
  }
};

const refused = (resolved) => DENIED.some((root) => within(root, resolved)) && !ALLOWED.some((root) => within(root, resolved));

/** Every path a call names: the usual argument names, a glob's own path part, and the files of a patch. */
const pathsOf = (tool, args) => {
  const found = [];
  for (const key of PATH_ARGS) if (typeof args[key] === 'string' && args[key] !== '') found.push(args[key]);
  if (tool === 'glob' && typeof args.pattern === 'string') found.push(args.pattern.split(/[*?[{]/)[0] || '.');
  for (const key of ['patchText', 'patch']) {
    if (typeof args[key] === 'string') for (const match of args[key].matchAll(PATCH_LINE)) found.push(match[1].trim());
  }
  return found;
};

let secrets = [];
const loadSecrets = () => {
  try {
    const values = JSON.parse(readFileSync(REDACTIONS, 'utf8')).values;
    secrets = Array.isArray(values) ? values.filter((value) => typeof value === 'string' && value.length >= 8) : [];
  } catch {
    secrets = [];
  }
};
const redact = (text) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);

export const OpenCoworkToolGuard = async ({ directory }) => {
  loadSecrets();
  return {
    'tool.execute.before': async (input, output) => {
      // Shells and MCP servers run in boundaries of their own; their arguments are theirs.
      if (input.tool === 'bash') return;
      const args = output.args ?? {};
      if (typeof args.url === 'string' && /^file:/i.test(args.url)) {
        throw new Error(\`${TOOL_GUARD_REFUSAL}: \${input.tool} may not open file: URLs.\`);
      }
      for (const given of pathsOf(input.tool, args)) {
        const resolved = real(given, directory ?? process.cwd());
        if (refused(resolved)) throw new Error(\`${TOOL_GUARD_REFUSAL}: \${given} is private to the runtime (it resolves to \${resolved}).\`);
      }
    },
    'tool.execute.after': async (_input, output) => {
      if (!output || secrets.length === 0) return;
      if (typeof output.output === 'string') output.output = redact(output.output);
      if (output.metadata && typeof output.metadata.output === 'string') output.metadata.output = redact(output.metadata.output);
    },
  };
};
`;
}

/** Writes the plugin into `<XDG_CONFIG_HOME>/opencode/plugins` (next to the shell guard). */
export async function installToolGuard(xdgConfigHome: string, input: ToolGuardInput): Promise<void> {
  const dir = path.join(xdgConfigHome, 'opencode', 'plugins');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writePrivateFile(path.join(dir, TOOL_GUARD_PLUGIN), toolGuardPluginSource(input));
}
