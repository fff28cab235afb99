// The Add MCP form's draft, checked before anything is stored or started: the name is free,
// the fields fit the type, a local command passes the command policy and a remote URL the
// URL policy (the DNS-aware part runs on every connection, in the proxy and the tester).
// All problems are reported at once, each with a JSON pointer into the draft.
import { CodedError, HostErrorCode, type CustomMcpInput, type HostIssue } from '@open-cowork/contracts';
import { checkLocalCommand, checkRemoteUrl } from '../network/index.js';
import type { CustomMcpWrite } from './store.js';

export interface DraftContext {
  /** Why a name is not free, if it is not ("config": a bundled server or tool uses it; "custom": another custom server). */
  readonly nameTaken: (name: string) => Promise<'config' | 'custom' | undefined>;
  readonly workspaceExists: (id: string) => Promise<boolean>;
  /** "add" needs a free name; "update" (and tests of saved servers) the name of an existing custom server. */
  readonly mode: 'add' | 'update' | 'test';
  /** For "update": values the draft may keep with null. */
  readonly storedKeys?: { readonly environment: readonly string[]; readonly headers: readonly string[] };
}

/** The draft as the store takes it; throws CONFLICT for a taken name, VALIDATION_FAILED (with every issue) otherwise. */
export async function checkCustomMcpDraft(draft: CustomMcpInput, context: DraftContext, at = '/mcp'): Promise<CustomMcpWrite> {
  const issues: HostIssue[] = [];
  const issue = (pointer: string, message: string) => issues.push({ pointer: `${at}${pointer}`, message });

  if (context.mode === 'add') {
    const taken = await context.nameTaken(draft.name);
    if (taken !== undefined) {
      throw new CodedError(
        HostErrorCode.Conflict,
        taken === 'config'
          ? `"${draft.name}" is already used by a server or tool the app ships; choose another name.`
          : `A custom MCP server named "${draft.name}" already exists.`,
        { pointer: `${at}/name` },
      );
    }
  }

  const scope = draft.scope ?? 'machine';
  if (scope === 'workspace') {
    if (draft.workspaceId === undefined) issue('/workspaceId', 'A workspace-scoped server needs the workspace it belongs to.');
    else if (!(await context.workspaceExists(draft.workspaceId))) issue('/workspaceId', `There is no workspace "${draft.workspaceId}".`);
  } else if (draft.workspaceId !== undefined) {
    issue('/workspaceId', 'Only a workspace-scoped server names a workspace.');
  }

  if (draft.type === 'local') {
    for (const field of ['url', 'headers', 'allowPrivateNetwork'] as const) {
      if (draft[field] !== undefined) issue(`/${field}`, `"${field}" is for remote servers; a local server is started from its command.`);
    }
    if (draft.command === undefined || draft.command.length === 0) {
      issue('/command', 'A local server needs a command: the full path of the program, then its arguments.');
    } else {
      const plain = Object.fromEntries(Object.entries(draft.environment ?? {}).map(([key, value]) => [key, value ?? '']));
      const checked = checkLocalCommand(draft.command, plain);
      if (!checked.ok) for (const problem of checked.problems) issue(problem.pointer, problem.message);
    }
    keptValues(draft.environment, context.storedKeys?.environment, '/environment', 'variable', issue);
  } else {
    for (const field of ['command', 'environment', 'googleAuth'] as const) {
      if (draft[field] !== undefined) issue(`/${field}`, `"${field}" is for local servers; a remote server is reached at its URL.`);
    }
    if (draft.url === undefined) {
      issue('/url', 'A remote server needs its URL (https, or http to this machine).');
    } else {
      const checked = checkRemoteUrl(draft.url, { allowPrivateNetwork: draft.allowPrivateNetwork === true });
      if (!checked.ok) issue('/url', checked.message);
    }
    keptValues(draft.headers, context.storedKeys?.headers, '/headers', 'header', issue);
  }

  if (issues.length > 0) {
    const [first] = issues;
    throw new CodedError(
      HostErrorCode.ValidationFailed,
      `MCP server "${draft.name}" was not saved: ${first!.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
      { issues },
    );
  }
  return {
    name: draft.name,
    ...(draft.description ? { description: draft.description } : {}),
    type: draft.type,
    ...(draft.type === 'local' ? { command: [...(draft.command ?? [])], environment: { ...draft.environment } } : {}),
    ...(draft.type === 'remote' ? { url: draft.url!, headers: { ...draft.headers } } : {}),
    scope,
    ...(scope === 'workspace' && draft.workspaceId !== undefined ? { workspaceId: draft.workspaceId } : {}),
    ...(draft.googleAuth ? { googleAuth: true } : {}),
    ...(draft.allowPrivateNetwork ? { allowPrivateNetwork: true } : {}),
    ...(draft.traceLabel ? { traceLabel: draft.traceLabel } : {}),
  };
}

/** null ("keep the stored value") is only possible for a value that is stored. */
function keptValues(
  values: Readonly<Record<string, string | null>> | undefined,
  stored: readonly string[] | undefined,
  pointer: string,
  what: string,
  issue: (pointer: string, message: string) => void,
): void {
  for (const [key, value] of Object.entries(values ?? {})) {
    if (value === null && !(stored ?? []).includes(key)) issue(`${pointer}/${key}`, `The ${what} "${key}" has no stored value to keep; give a value.`);
  }
}
