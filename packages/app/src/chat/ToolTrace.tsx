import type { ToolPart } from '@open-cowork/contracts';
import { memo, useId, useState } from 'react';
import type { MessageKey } from '../i18n/en.js';
import type { Translator } from '../i18n/i18n.js';
import { chartImageOf } from '../lib/chart-preview.js';
import { formatTraceSummary, summarizeTrace, type TraceCategory } from '../lib/tool-trace.js';
import { AlertIcon, ChevronIcon, ToolCallIcon, Spinner } from '../ui/icons.js';
import '../styles/code-blocks.css';
import '../styles/tool-trace.css';

export interface ToolTraceProps {
  readonly parts: readonly ToolPart[];
  readonly classify: (tool: string) => TraceCategory;
  readonly t: Translator;
}

/** Consecutive tool calls as one summary line ("Used 3 file reads, 1 command"), expandable to each call. */
export const ToolTrace = memo(function ToolTrace({ parts, classify, t }: ToolTraceProps) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const running = parts.find((p) => p.state.status === 'running' || p.state.status === 'pending');
  const failed = parts.filter((p) => p.state.status === 'error');
  const charts = parts.flatMap((p) => {
    const src = p.state.status === 'completed' ? chartImageOf(p.tool, p.state.output) : undefined;
    return src === undefined ? [] : [{ id: p.id, src, title: typeof p.state.input['title'] === 'string' ? p.state.input['title'] : undefined }];
  });
  const summary = running
    ? t.t('trace.running', { title: running.state.title ?? classify(running.tool).label })
    : t.t('trace.summary', { summary: formatTraceSummary(summarizeTrace(parts.map((p) => p.tool), classify), (n) => t.number(n)) });

  return (
    <div className={`trace${running ? ' is-running' : ''}`}>
      <button type="button" className="trace-summary" aria-expanded={open} aria-controls={listId} onClick={() => setOpen((o) => !o)}>
        {running ? <Spinner size={14} /> : <ToolCallIcon size={15} />}
        <span className="trace-text">{summary}</span>
        <ChevronIcon size={14} className={open ? 'chevron open' : 'chevron'} />
      </button>
      {!open &&
        failed.map((p) => (
          <p key={p.id} className="trace-failure">
            <AlertIcon size={14} />
            <span>
              {classify(p.tool).label}: {firstLine(p.state.error)}
            </span>
          </p>
        ))}
      {charts.map((chart) => (
        <figure key={chart.id} className="chart-preview">
          <img src={chart.src} alt={chart.title ?? t.t('trace.chart')} />
        </figure>
      ))}
      {open && (
        <ol id={listId} className="trace-calls">
          {parts.map((part) => (
            <ToolCall key={part.id} part={part} category={classify(part.tool)} t={t} />
          ))}
        </ol>
      )}
    </div>
  );
});

const STATUS_KEYS: Readonly<Record<ToolPart['state']['status'], MessageKey>> = {
  pending: 'trace.status.pending',
  running: 'trace.status.running',
  completed: 'trace.status.completed',
  error: 'trace.status.error',
};

function ToolCall({ part, category, t }: { part: ToolPart; category: TraceCategory; t: Translator }) {
  const { state } = part;
  const input = Object.keys(state.input).length > 0 ? JSON.stringify(state.input, null, 2) : undefined;
  return (
    <li className={`trace-call status-${state.status}`}>
      <details>
        <summary>
          <span className="call-name">{state.title ?? part.tool}</span>
          <span className="call-kind muted">{category.label === state.title ? part.tool : `${category.label} · ${part.tool}`}</span>
          <span className={`badge status-${state.status}`}>{t.t(STATUS_KEYS[state.status])}</span>
        </summary>
        {input !== undefined && (
          <div className="call-section">
            <h4>{t.t('trace.input')}</h4>
            <pre>{input}</pre>
          </div>
        )}
        {state.output !== undefined && state.output !== '' && (
          <div className="call-section">
            <h4>{t.t('trace.output')}</h4>
            <pre>{state.output}</pre>
          </div>
        )}
        {state.error !== undefined && (
          <div className="call-section error">
            <h4>{t.t('trace.error')}</h4>
            <pre>{state.error}</pre>
          </div>
        )}
      </details>
    </li>
  );
}

function firstLine(text: string | undefined): string {
  const line = (text ?? '').split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
