import type { Agent, Part, ToolPart } from '@open-cowork/contracts';
import { memo, type ReactNode } from 'react';
import type { Translator } from '../i18n/i18n.js';
import { agentLabel } from '../lib/agent-mentions.js';
import type { TraceCategory } from '../lib/tool-trace.js';
import type { MessageEntry } from '../state/transcript.js';
import { AlertIcon, FileIcon } from '../ui/icons.js';
import { Markdown } from './Markdown.js';
import { ToolTrace } from './ToolTrace.js';

export interface MessageRowProps {
  readonly entry: MessageEntry;
  readonly t: Translator;
  readonly classify: (tool: string) => TraceCategory;
  /** The agents known, to name the one that answered. */
  readonly agents: readonly Agent[];
}

/** One message of the transcript. Re-renders only when its entry (or the catalog) changes. */
export const MessageRow = memo(function MessageRow({ entry, t, classify, agents }: MessageRowProps) {
  const { info, parts } = entry;
  if (info.role === 'user') {
    const text = parts
      .filter((p): p is Extract<Part, { kind: 'text' }> => p.kind === 'text' && p.synthetic !== true)
      .map((p) => p.text)
      .join('\n\n');
    const files = parts.filter((p): p is Extract<Part, { kind: 'file' }> => p.kind === 'file');
    if (text.trim() === '' && files.length === 0) {
      // "Summarize now" is recorded as a user turn with only a compaction marker: not something
      // the person wrote, so no bubble; the marker says what happened.
      return parts.some((p) => p.kind === 'compaction') ? <p className="compaction-marker muted">{t.t('chat.compacted')}</p> : null;
    }
    return (
      <article className="message user" aria-label={t.t('chat.you')}>
        <div className="bubble">
          {text}
          {files.length > 0 && <Attachments files={files} t={t} />}
        </div>
      </article>
    );
  }

  const blocks: ReactNode[] = [];
  let tools: ToolPart[] = [];
  const flushTools = () => {
    if (tools.length === 0) return;
    const group = tools;
    blocks.push(<ToolTrace key={`trace-${group[0]?.id}`} parts={group} classify={classify} t={t} />);
    tools = [];
  };
  for (const part of parts) {
    if (part.kind === 'tool') {
      tools.push(part);
      continue;
    }
    switch (part.kind) {
      case 'text':
        if (part.text.trim() === '' || part.synthetic) break;
        flushTools();
        blocks.push(<Markdown key={part.id} text={part.text} copyLabel={t.t('chat.copy')} copiedLabel={t.t('chat.copied')} />);
        break;
      case 'reasoning':
        if (part.text.trim() === '') break;
        flushTools();
        blocks.push(
          <details key={part.id} className="reasoning">
            <summary>{t.t('chat.reasoning')}</summary>
            <p>{part.text}</p>
          </details>,
        );
        break;
      case 'file':
        flushTools();
        blocks.push(<Attachments key={part.id} files={[part]} t={t} />);
        break;
      case 'compaction':
        flushTools();
        blocks.push(
          <p key={part.id} className="compaction-marker muted">
            {t.t('chat.compacted')}
          </p>,
        );
        break;
      default:
        break;
    }
  }
  flushTools();

  const error = info.error;
  const aborted = error?.name === 'MessageAbortedError';
  return (
    <article className={`message assistant${info.summary ? ' summary' : ''}`} aria-label={t.t('chat.assistant')}>
      {info.agent !== undefined && <AnsweredBy name={info.agent} agents={agents} t={t} />}
      {blocks}
      {error && !aborted && (
        <p className="message-error" role="alert">
          <AlertIcon size={15} />
          {t.t('chat.failed', { message: error.message })}
        </p>
      )}
      {aborted && <p className="message-stopped muted">{t.t('chat.stopped')}</p>}
    </article>
  );
});

/** Which agent wrote the answer, in its colour. */
function AnsweredBy({ name, agents, t }: { name: string; agents: readonly Agent[]; t: Translator }) {
  const agent = agents.find((a) => a.name === name);
  const label = agent === undefined ? name : agentLabel(agent);
  return (
    <p className={`message-agent color-${agent?.color ?? 'neutral'}`} aria-label={t.t('chat.answeredBy', { agent: label })}>
      <span className="agent-chip" aria-hidden="true" />
      <span>{label}</span>
    </p>
  );
}

function Attachments({ files, t }: { files: readonly Extract<Part, { kind: 'file' }>[]; t: Translator }) {
  return (
    <ul className="attachments">
      {files.map((file) => (
        <li key={file.id} className="attachment">
          <FileIcon size={14} />
          <span>{file.filename ?? t.t('chat.attachment')}</span>
        </li>
      ))}
    </ul>
  );
}
