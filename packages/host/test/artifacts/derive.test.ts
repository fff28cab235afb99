// artifactsOf: which tool calls of a history count as artifacts, and how repeated ones fold.
import type { MessageWithParts, Part, ToolState } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { artifactsOf } from '../../src/artifacts/derive.js';

const WS = '/home/me/project';
let seq = 0;
const user = (id: string, text: string, synthetic?: boolean): MessageWithParts => ({
  info: { id, sessionId: 's', role: 'user', createdAt: ++seq },
  parts: [{ id: `${id}-t`, sessionId: 's', messageId: id, kind: 'text', text, ...(synthetic ? { synthetic } : {}) }],
});
const tool = (messageId: string, name: string, state: Partial<ToolState> & Pick<ToolState, 'status'>): Part => ({
  id: `${messageId}-${++seq}`,
  sessionId: 's',
  messageId,
  kind: 'tool',
  tool: name,
  callId: `c${seq}`,
  state: { input: {}, ...state },
});
const answer = (id: string, parentId: string, parts: Part[]): MessageWithParts => ({ info: { id, sessionId: 's', role: 'assistant', createdAt: ++seq, parentId, completedAt: seq + 1 }, parts });

describe('artifactsOf', () => {
  it('lists completed write/edit calls by file (relative to the workspace) and charts by id, newest first', () => {
    const history = [
      user('u1', 'Write the plan'),
      answer('a1', 'u1', [tool('a1', 'write', { status: 'completed', input: { filePath: `${WS}/docs/plan.md` }, endedAt: 10 })]),
      user('u2', 'Chart it'),
      answer('a2', 'u2', [tool('a2', 'charts_render', { status: 'completed', input: { spec: { title: 'From the spec' } }, output: '{"artifactId":"chart-0123456789abcdef"}', endedAt: 20 })]),
      user('u3', 'Fix the plan'),
      answer('a3', 'u3', [tool('a3', 'edit', { status: 'completed', input: { filePath: 'docs/plan.md' }, endedAt: 30 })]),
    ];
    expect(artifactsOf(history, WS)).toEqual([
      { id: 'file:docs/plan.md', kind: 'file', name: 'plan.md', path: 'docs/plan.md', action: 'edited', tool: 'edit', messageId: 'a3', prompt: 'Fix the plan', changes: 2, at: 30 },
      { id: 'chart:chart-0123456789abcdef', kind: 'chart', name: 'From the spec', path: 'chart-0123456789abcdef', action: 'rendered', tool: 'charts_render', messageId: 'a2', prompt: 'Chart it', changes: 1, at: 20 },
    ]);
  });

  it('leaves out failed, running and unrelated calls, and calls without a usable path or chart id', () => {
    const history = [
      user('u1', 'Try things'),
      answer('a1', 'u1', [
        tool('a1', 'write', { status: 'error', input: { filePath: 'refused.txt' }, error: 'denied' }),
        tool('a1', 'edit', { status: 'running', input: { filePath: 'half.txt' } }),
        tool('a1', 'write', { status: 'completed', input: {} }),
        tool('a1', 'read', { status: 'completed', input: { filePath: 'read.txt' } }),
        tool('a1', 'bash', { status: 'completed', input: { command: 'touch x' } }),
        tool('a1', 'charts_render', { status: 'completed', input: {}, output: 'no id here' }),
      ]),
    ];
    expect(artifactsOf(history, WS)).toEqual([]);
  });

  it('keeps a file written outside the workspace as an absolute path, and shortens a long prompt', () => {
    const long = `Please ${'write '.repeat(40)}it`;
    const history = [user('u1', long), answer('a1', 'u1', [tool('a1', 'write', { status: 'completed', input: { filePath: '../elsewhere/out.txt' }, endedAt: 5 })])];
    const [only] = artifactsOf(history, WS);
    expect(only).toMatchObject({ id: 'file:/home/me/elsewhere/out.txt', path: '/home/me/elsewhere/out.txt', name: 'out.txt' });
    expect(only!.prompt.length).toBe(120);
    expect(only!.prompt.endsWith('…')).toBe(true);
  });
});
