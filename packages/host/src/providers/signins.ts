// Which providers OpenCode holds a sign-in for. OAuth tokens (and keys entered through
// OpenCode's own auth flow) live in OpenCode's auth store, `<XDG_DATA_HOME>/opencode/auth.json`
// (OpenCode's documented location), here under the runtime's isolated home. Only the provider
// ids are read, never the values.
//
// Why the host needs it: a provider activated by config (`runtimeActivation: "config"`, such
// as GitHub Copilot) is listed by the runtime whether or not anyone signed in, so the
// runtime's list alone cannot say "connected" honestly for it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runtimeHome } from '@open-cowork/runtime';

/** Provider ids with a stored sign-in; empty when there is no store (or it cannot be read). */
export type SignIns = () => Promise<ReadonlySet<string>>;

/** The sign-ins of the runtime the supervisor runs for `dataDir` (it keeps its home in `<dataDir>/runtime`). */
export function opencodeSignIns(dataDir: string): SignIns {
  const file = path.join(runtimeHome(path.join(dataDir, 'runtime')).data, 'opencode', 'auth.json');
  return async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      return new Set();
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return new Set();
    return new Set(Object.keys(parsed));
  };
}
