// OpenCode gives every shell it starts (the bash tool, "!" commands, terminals) a copy of its
// own environment, which carries the per-boot server password and the path of the private
// config file. Without a guard, `env` in a bash call prints the password into the transcript
// and on to the model. OpenCode asks its plugins for the shell environment through the
// `shell.env` hook before each spawn; a small plugin in the runtime's private config folder
// answers by removing RUNTIME_ONLY_ENV (a value of `undefined` drops the name).
//
// OpenCode loads plugins only after the npm install it runs in each config folder, and that
// install waits on the network (offline, it never ends). Its check passes without npm when
// `node_modules` exists and the lock file names `@opencode-ai/plugin`, so the folder is seeded
// with both: the runtime then starts without touching a registry. Nothing in this private
// folder imports the package.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { RUNTIME_ONLY_ENV } from './mcp-isolation.js';
import { writePrivateFile } from './private-write.js';

export const SHELL_ENV_PLUGIN = 'open-cowork-shell-env.js';

/** The plugin's source: one exported plugin function with a `shell.env` hook. */
export function shellEnvPluginSource(names: readonly string[] = RUNTIME_ONLY_ENV): string {
  return [
    '// Written by Open Cowork at every runtime start: keeps runtime-only variables out of shells.',
    `const RUNTIME_ONLY = ${JSON.stringify(names)};`,
    'export const OpenCoworkShellEnv = async () => ({',
    "  'shell.env': async (_input, output) => {",
    '    for (const name of RUNTIME_ONLY) output.env[name] = undefined;',
    '  },',
    '});',
    '',
  ].join('\n');
}

/**
 * Prepares `<XDG_CONFIG_HOME>/opencode`: the plugin, an empty `node_modules` and a lock file
 * that satisfies OpenCode's dependency check. Safe to run at every start.
 */
export async function installShellEnvGuard(xdgConfigHome: string): Promise<void> {
  const dir = path.join(xdgConfigHome, 'opencode');
  await mkdir(path.join(dir, 'plugins'), { recursive: true, mode: 0o700 });
  await mkdir(path.join(dir, 'node_modules'), { recursive: true, mode: 0o700 });
  const lock = { name: 'open-cowork-runtime', lockfileVersion: 3, requires: true, packages: { '': { dependencies: { '@opencode-ai/plugin': '*' } } } };
  await writePrivateFile(path.join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  await writePrivateFile(path.join(dir, 'plugins', SHELL_ENV_PLUGIN), shellEnvPluginSource());
}
