// The Add MCP form's fields and the draft they make. Lists are typed one entry per line:
// arguments as they are, environment as NAME=value, headers as Name: value. A stored value
// is shown as the mask and sent back as null ("keep it"): values never travel to the page.
import type { CustomMcpInput, McpInfo } from '@open-cowork/contracts';

export const KEPT = '••••••';

export interface McpFormFields {
  name: string;
  description: string;
  type: 'local' | 'remote';
  program: string;
  args: string;
  environment: string;
  url: string;
  headers: string;
  /** "machine", or a workspace id. */
  scope: string;
  traceLabel: string;
}

export const EMPTY_FORM: McpFormFields = {
  name: '',
  description: '',
  type: 'local',
  program: '',
  args: '',
  environment: '',
  url: '',
  headers: '',
  scope: 'machine',
  traceLabel: '',
};

/** The form for editing a saved custom server: its stored values masked. */
export function formOf(mcp: McpInfo): McpFormFields {
  const custom = mcp.custom;
  const [program = '', ...args] = custom?.command ?? [];
  return {
    name: mcp.name,
    description: mcp.description ?? '',
    type: mcp.type,
    program,
    args: args.join('\n'),
    environment: (custom?.environmentKeys ?? []).map((key) => `${key}=${KEPT}`).join('\n'),
    url: custom?.url ?? '',
    headers: (custom?.headerNames ?? []).map((name) => `${name}: ${KEPT}`).join('\n'),
    scope: custom?.scope === 'workspace' && custom.workspaceId !== undefined ? custom.workspaceId : 'machine',
    traceLabel: custom?.traceLabel ?? '',
  };
}

/** A problem in one field, before anything is sent. */
export interface FormProblem {
  readonly field: keyof McpFormFields;
  readonly line?: number;
}

/** `NAME=value` / `Name: value` lines into a map; the mask means "keep". */
function pairs(text: string, separator: '=' | ':', field: keyof McpFormFields): { values: Record<string, string | null> } | { problem: FormProblem } {
  const values: Record<string, string | null> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const at = line.indexOf(separator);
    if (at <= 0) return { problem: { field, line: index + 1 } };
    const key = line.slice(0, at).trim();
    const value = line.slice(at + 1).trim();
    values[key] = value === KEPT ? null : value;
  }
  return { values };
}

/** The draft the host checks (it names what is wrong by JSON pointer), or the first line the form cannot read. */
export function draftOf(form: McpFormFields): CustomMcpInput | FormProblem {
  const base = {
    name: form.name.trim(),
    type: form.type,
    ...(form.description.trim() ? { description: form.description.trim() } : {}),
    ...(form.scope === 'machine' ? {} : { scope: 'workspace' as const, workspaceId: form.scope }),
    ...(form.traceLabel.trim() ? { traceLabel: form.traceLabel.trim() } : {}),
  };
  if (form.type === 'local') {
    const environment = pairs(form.environment, '=', 'environment');
    if ('problem' in environment) return environment.problem;
    const args = form.args.split('\n').map((arg) => arg.trim()).filter((arg) => arg !== '');
    return { ...base, command: [form.program.trim(), ...args], ...(Object.keys(environment.values).length > 0 ? { environment: environment.values } : {}) };
  }
  const headers = pairs(form.headers, ':', 'headers');
  if ('problem' in headers) return headers.problem;
  return { ...base, url: form.url.trim(), ...(Object.keys(headers.values).length > 0 ? { headers: headers.values } : {}) };
}

/** Which form field a host error pointer (e.g. "/mcp/command/2", "/mcp/environment/X") belongs to. */
export function fieldOfPointer(pointer: string): keyof McpFormFields | undefined {
  const [, , head, index] = pointer.split('/');
  switch (head) {
    case 'name':
    case 'description':
    case 'url':
    case 'headers':
    case 'environment':
    case 'traceLabel':
      return head;
    case 'command':
      return index === undefined || index === '0' ? 'program' : 'args';
    case 'workspaceId':
    case 'scope':
      return 'scope';
    default:
      return undefined;
  }
}
