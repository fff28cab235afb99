// A chat exported as Markdown and JSON: who said what, which tools ran, code fences that hold
// backticks, and file names that are safe.
import type { MessageWithParts, Session } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { sessionFileName, sessionJson, sessionMarkdown } from '../src/lib/session-export.js';

const SESSION: Session = { id: 'ses_1', workspaceId: 'ws_1', title: 'Fix the build', directory: '/w', createdAt: 1, updatedAt: 2 };
const base = { sessionId: 'ses_1' } as const;
const MESSAGES = [
  {
    info: { id: 'msg_1', sessionId: 'ses_1', role: 'user', createdAt: 1 },
    parts: [
      { ...base, id: 'p1', messageId: 'msg_1', kind: 'text', text: 'Run it' },
      { ...base, id: 'p2', messageId: 'msg_1', kind: 'text', text: 'hidden context', synthetic: true },
    ],
  },
  {
    info: { id: 'msg_2', sessionId: 'ses_1', role: 'assistant', createdAt: 2, agent: 'build' },
    parts: [
      { ...base, id: 'p3', messageId: 'msg_2', kind: 'tool', tool: 'bash', callId: 'c1', state: { status: 'completed', input: { command: 'echo ```' } } },
      { ...base, id: 'p4', messageId: 'msg_2', kind: 'text', text: 'Done.' },
    ],
  },
] as unknown as MessageWithParts[];

const LABELS = { you: 'You', assistant: 'Assistant', tool: (tool: string, status: string) => `Used ${tool} (${status})`, file: (f: string) => `Attached ${f}` };

describe('session export', () => {
  it('writes Markdown by speaker, leaves out synthetic text, and fences tool input longer than its backticks', () => {
    const markdown = sessionMarkdown(MESSAGES, 'Fix the build', LABELS);
    expect(markdown).toBe(
      '# Fix the build\n\n## You\n\nRun it\n\n## Assistant (build)\n\n*Used bash (completed)*\n\n````json\n{\n  "command": "echo ```"\n}\n````\n\nDone.\n',
    );
  });

  it('keeps the session and every message in the JSON, with its format and time', () => {
    const exported = sessionJson(SESSION, MESSAGES, new Date('2026-12-01T10:00:00Z'));
    expect(exported).toEqual({ format: 'open-cowork-session/1', exportedAt: '2026-12-01T10:00:00.000Z', session: SESSION, messages: MESSAGES });
  });

  it('names the file after the title, or the session id when the title has no letters or digits', () => {
    expect(sessionFileName('Fix the build!', 'ses_1', 'md')).toBe('fix-the-build.md');
    expect(sessionFileName('???', 'ses_1', 'json')).toBe('ses_1.json');
  });
});
