// A chat's artifacts, derived from its history as OpenCode stores it: every completed `write`
// or `edit` tool call names the file it changed (its `filePath` input), and every completed
// call of the bundled charts server names the chart it saved (`chart-<16 hex digits>` in its
// output). Nothing is kept beside the history, so a reverted or deleted chat has no stale list.
import path from 'node:path';
import type { Artifact, MessageWithParts } from '@open-cowork/contracts';

/** Tools whose `filePath` input is a file they changed, and what they did to it. */
const FILE_TOOLS: Readonly<Record<string, Artifact['action']>> = { write: 'written', edit: 'edited' };
const CHART_ID = /\bchart-[0-9a-f]{16}\b/;
const PROMPT_CHARS = 120;

export function artifactsOf(messages: readonly MessageWithParts[], workspaceDir: string): Artifact[] {
  const prompts = new Map<string, string>();
  const found = new Map<string, Artifact>();
  for (const { info, parts } of messages) {
    if (info.role === 'user') {
      prompts.set(info.id, promptOf(parts));
      continue;
    }
    const prompt = (info.parentId !== undefined ? prompts.get(info.parentId) : undefined) ?? '';
    for (const part of parts) {
      if (part.kind !== 'tool' || part.state.status !== 'completed') continue;
      const made = producedBy(part.tool, part.state.input, part.state.output, workspaceDir);
      if (made === undefined) continue;
      const earlier = found.get(made.id);
      found.set(made.id, {
        ...made,
        tool: part.tool,
        messageId: info.id,
        prompt,
        changes: (earlier?.changes ?? 0) + 1,
        at: part.state.endedAt ?? info.completedAt ?? info.createdAt,
      });
    }
  }
  return [...found.values()].sort((a, b) => b.at - a.at);
}

type Made = Pick<Artifact, 'id' | 'kind' | 'name' | 'path' | 'action'>;

function producedBy(tool: string, input: Readonly<Record<string, unknown>>, output: string | undefined, workspaceDir: string): Made | undefined {
  const action = FILE_TOOLS[tool];
  if (action !== undefined) {
    const filePath = input['filePath'];
    if (typeof filePath !== 'string' || filePath === '') return undefined;
    const shown = workspacePath(filePath, workspaceDir);
    return { id: `file:${shown}`, kind: 'file', name: path.posix.basename(shown), path: shown, action };
  }
  if (!tool.startsWith('charts_')) return undefined;
  const chartId = output?.match(CHART_ID)?.[0];
  if (chartId === undefined) return undefined;
  return { id: `chart:${chartId}`, kind: 'chart', name: chartTitle(input) ?? chartId, path: chartId, action: 'rendered' };
}

/** Relative to the workspace with "/" separators; absolute when the tool wrote outside it. */
export function workspacePath(filePath: string, workspaceDir: string): string {
  const absolute = path.resolve(workspaceDir, filePath);
  const relative = path.relative(workspaceDir, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return absolute;
  return relative.split(path.sep).join('/');
}

function chartTitle(input: Readonly<Record<string, unknown>>): string | undefined {
  const spec = input['spec'];
  const title = input['title'] ?? (typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>)['title'] : undefined);
  return typeof title === 'string' && title.trim() !== '' ? title.trim() : undefined;
}

function promptOf(parts: MessageWithParts['parts']): string {
  const text = parts.flatMap((part) => (part.kind === 'text' && part.synthetic !== true ? [part.text] : [])).join(' ');
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PROMPT_CHARS ? `${flat.slice(0, PROMPT_CHARS - 1)}…` : flat;
}
