import { describe, expect, it } from 'vitest';
import { jsonLine, Logger, newRunId, prettyLine, type LogRecord } from '../../src/log/index.js';

const fixed = () => new Date('2026-11-21T10:20:30.456Z');

describe('Logger', () => {
  it('labels every record with the run id and its source, and drops what is below the level', () => {
    const records: LogRecord[] = [];
    const log = new Logger({ runId: 'run-1', sink: (r) => records.push(r), level: 'info', now: fixed });
    log.debug('hidden');
    log.info('host up', { port: 8787 });
    log.for('runtime').warn('slow start');
    expect(records).toEqual([
      { time: '2026-11-21T10:20:30.456Z', level: 'info', source: 'host', runId: 'run-1', message: 'host up', data: { port: 8787 } },
      { time: '2026-11-21T10:20:30.456Z', level: 'warn', source: 'runtime', runId: 'run-1', message: 'slow start' },
    ]);
  });

  it('formats JSON lines and pretty lines', () => {
    const record: LogRecord = { time: '2026-11-21T10:20:30.456Z', level: 'warn', source: 'http', runId: 'r', message: 'POST /api/x', data: { status: 401, path: '/api/x' } };
    expect(JSON.parse(jsonLine(record))).toEqual(record);
    expect(prettyLine(record)).toBe('10:20:30 http    WARN POST /api/x status=401 path=/api/x\n');
    expect(prettyLine(record, true)).toBe('\x1b[33m10:20:30 http    WARN POST /api/x status=401 path=/api/x\x1b[0m\n');
  });

  it('makes distinct run ids', () => {
    expect(newRunId()).toMatch(/^[0-9a-f]{12}$/);
    expect(newRunId()).not.toBe(newRunId());
  });
});

describe('runtime output in the host log', () => {
  it('keeps OpenCode log levels and labels MCP lines', async () => {
    const { forwardRuntimeLine } = await import('../../src/runtime/host-runtime.js');
    const records: LogRecord[] = [];
    const log = new Logger({ runId: 'r', sink: (r) => records.push(r), now: fixed });
    forwardRuntimeLine(log, 'stderr', 'timestamp=x level=WARN run=1 message="server unavailable" key=facts type=local status=failed');
    forwardRuntimeLine(log, 'stderr', 'timestamp=x level=ERROR run=1 message="boom"');
    forwardRuntimeLine(log, 'stdout', 'opencode server listening on http://127.0.0.1:4096');
    expect(records.map((r) => [r.source, r.level])).toEqual([
      ['mcp', 'warn'],
      ['runtime', 'error'],
      ['runtime', 'info'],
    ]);
  });
});
