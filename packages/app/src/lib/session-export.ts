// A chat as a file: Markdown for reading (who said what, which tools ran) and JSON for
// keeping (the session and its messages with every part, as the host returns them).

import type { MessageWithParts, Part, Session } from '@open-cowork/contracts';
import { fileSlug } from './download.js';

export const SESSION_EXPORT_FORMAT = 'open-cowork-session/1';

export interface SessionExport {
  readonly format: typeof SESSION_EXPORT_FORMAT;
  readonly exportedAt: string;
  readonly session: Session;
  readonly messages: readonly MessageWithParts[];
}

export function sessionJson(session: Session, messages: readonly MessageWithParts[], now: Date): SessionExport {
  return { format: SESSION_EXPORT_FORMAT, exportedAt: now.toISOString(), session, messages };
}

export interface MarkdownLabels {
  readonly you: string;
  readonly assistant: string;
  readonly tool: (name: string, status: string) => string;
  readonly file: (name: string) => string;
}

/** A fence longer than any backtick run inside `text`, so code never closes it early. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

function partMarkdown(part: Part, labels: MarkdownLabels): string | undefined {
  switch (part.kind) {
    case 'text':
      return part.synthetic ? undefined : part.text.trim();
    case 'tool': {
      const input = JSON.stringify(part.state.input, null, 2);
      const f = fence(input);
      return `*${labels.tool(part.tool, part.state.status)}*\n\n${f}json\n${input}\n${f}`;
    }
    case 'file':
      return `*${labels.file(part.filename ?? part.url)}*`;
    default:
      return undefined;
  }
}

/** The chat as Markdown: its title, then each message under who wrote it. */
export function sessionMarkdown(messages: readonly MessageWithParts[], title: string, labels: MarkdownLabels): string {
  const blocks = [`# ${title}`];
  for (const { info, parts } of messages) {
    const who = info.role === 'user' ? labels.you : info.agent ? `${labels.assistant} (${info.agent})` : labels.assistant;
    const body = parts.map((part) => partMarkdown(part, labels)).filter((text): text is string => text !== undefined && text !== '');
    if (body.length > 0) blocks.push(`## ${who}\n\n${body.join('\n\n')}`);
  }
  return `${blocks.join('\n\n')}\n`;
}

/** "my-chat-title.md": the title as a slug (or the session id), with the extension. */
export function sessionFileName(title: string, sessionId: string, extension: 'md' | 'json'): string {
  const slug = fileSlug(title).slice(0, 60).replace(/-+$/, '');
  return `${slug === '' ? sessionId : slug}.${extension}`;
}
