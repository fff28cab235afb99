// `open-cowork workspace add|list|path|remove`: the folders one runtime serves. Works on the
// data dir's registry directly, so it needs no running host (a running host sees changes).
import { WorkspaceRegistry } from '@open-cowork/host';
import path from 'node:path';
import { parseCommandArgs } from '../args.js';
import { jsonText } from '../format.js';
import { resolveDataDir, withDataDir } from '../host/data-dir.js';
import { ExitCode, UsageError, type CliIo } from '../io.js';

const HELP = 'open-cowork workspace --help';

export const WORKSPACE_USAGE = [
  'Usage: open-cowork workspace add <dir> [--name NAME]',
  '       open-cowork workspace list [--json]',
  '       open-cowork workspace path <id>',
  '       open-cowork workspace remove <id>',
  '',
  'Manages the workspaces (folders) the host\'s one runtime works in. Sessions always run in',
  'their workspace\'s folder. All take --data-dir DIR (or OPEN_COWORK_USER_DATA_DIR).',
  '',
].join('\n');

export async function runWorkspaceCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(WORKSPACE_USAGE);
    return sub === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  const options = { 'data-dir': { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
  const { values, positionals } = parseCommandArgs(rest, options, HELP, 1);
  if (values['help'] === true) {
    io.stdout(WORKSPACE_USAGE);
    return ExitCode.Ok;
  }
  const hostIo = withDataDir(io, values['data-dir'] as string | undefined);
  const registry = new WorkspaceRegistry({ file: path.join(resolveDataDir(hostIo), 'workspaces.json') });
  const [arg] = positionals;
  switch (sub) {
    case 'add': {
      if (!arg) throw new UsageError('Missing the folder to add.', HELP);
      const workspace = await registry.add(path.resolve(io.cwd, arg), values['name'] as string | undefined);
      io.stdout(values['json'] === true ? jsonText(workspace) : `${workspace.id}  ${workspace.name}  ${workspace.path}\n`);
      return ExitCode.Ok;
    }
    case 'list': {
      const workspaces = await registry.list();
      if (values['json'] === true) io.stdout(jsonText(workspaces));
      else if (workspaces.length === 0) io.stdout('No workspaces yet. Add one with "open-cowork workspace add <dir>".\n');
      else for (const w of workspaces) io.stdout(`${w.id}  ${w.name}  ${w.path}\n`);
      return ExitCode.Ok;
    }
    case 'path': {
      if (!arg) throw new UsageError('Missing the workspace id.', HELP);
      io.stdout(`${(await registry.get(arg)).path}\n`);
      return ExitCode.Ok;
    }
    case 'remove': {
      if (!arg) throw new UsageError('Missing the workspace id.', HELP);
      const removed = await registry.remove(arg);
      if (!removed) {
        io.stderr(`Error: no workspace has the id "${arg}".\n`);
        return ExitCode.Failed;
      }
      io.stdout(`Removed ${removed.id} (${removed.path}); its folder is untouched.\n`);
      return ExitCode.Ok;
    }
    default:
      throw new UsageError(`Unknown workspace command "${sub}".`, HELP);
  }
}
