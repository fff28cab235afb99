// Vitest global setup: nothing a test starts may outlive the suite. At the start it notes the
// processes that already run; at the end, any OpenCode runtime, bundled MCP server or host
// (`open-cowork … serve`) of this checkout that was not there before is killed, and the run
// fails naming each one, so a leak is fixed rather than left to pile up.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Running {
  readonly pid: number;
  readonly args: string;
}

/** Processes of this checkout that tests start: the OpenCode binary, MCP servers, CLI hosts. */
export function isTestStartedKind(args: string, root: string = repoRoot): boolean {
  if (!args.includes(root)) return false;
  return /[\\/]opencode(?:-[\w-]+)?[\\/]bin[\\/]opencode\b/.test(args) || args.includes(`${root}/mcps/`) || /open-cowork\.js\s+(?:serve|start)\b/.test(args);
}

function running(): Running[] {
  const out = execFileSync('ps', ['-Ao', 'pid=,args='], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), args: match[2] ?? '' }));
}

export default function setup(): () => void {
  const before = new Set(running().map((entry) => entry.pid));
  return () => {
    const leaked = running().filter((entry) => !before.has(entry.pid) && entry.pid !== process.pid && isTestStartedKind(entry.args));
    if (leaked.length === 0) return;
    for (const entry of leaked) {
      try {
        process.kill(entry.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    throw new Error(`Tests left ${leaked.length} process(es) running (now killed):\n${leaked.map((entry) => `  ${entry.pid} ${entry.args.slice(0, 200)}`).join('\n')}`);
  };
}
