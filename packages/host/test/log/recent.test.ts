// The in-memory ring behind app.diagnostics, fed by a Logger tap.
import { LogBuffer } from '@open-cowork/runtime';
import { describe, expect, it } from 'vitest';
import { Logger, RecentLogs, type LogRecord } from '../../src/log/index.js';
import { homePattern, tildeHome } from '../../src/log/recent.js';

const at = (seconds: number) => () => new Date(Date.UTC(2026, 10, 21, 10, 20, seconds));

describe('Logger.tap', () => {
  it('hands every record that passes the level to the tap, from every logger derived with for(), until disposed', () => {
    const main: LogRecord[] = [];
    const tapped: LogRecord[] = [];
    const root = new Logger({ runId: 'r', sink: (record) => main.push(record), level: 'info', now: at(1) });
    const runtime = root.for('runtime');
    const dispose = root.tap((record) => tapped.push(record));
    root.info('one');
    root.debug('below the level');
    runtime.warn('two');
    runtime.for('mcp').error('three');
    dispose();
    root.info('after');
    expect(tapped.map((r) => [r.source, r.message])).toEqual([
      ['host', 'one'],
      ['runtime', 'two'],
      ['mcp', 'three'],
    ]);
    expect(main).toHaveLength(4);
  });

  it('keeps logging when a tap throws', () => {
    const main: LogRecord[] = [];
    const root = new Logger({ runId: 'r', sink: (record) => main.push(record) });
    root.tap(() => {
      throw new Error('broken tap');
    });
    root.info('still here');
    expect(main.map((r) => r.message)).toEqual(['still here']);
  });
});

describe('RecentLogs', () => {
  it('keeps the newest lines, flattened with their data, redacted, with the home folder as ~', () => {
    const buffer = new LogBuffer();
    buffer.addSecret('boot-password-123');
    const recent = new RecentLogs({ maxLines: 3, redact: (text) => buffer.redact(text), homeDir: '/home/alice' });
    const logger = new Logger({ runId: 'r', sink: () => undefined, now: at(5) });
    logger.tap(recent.sink);
    logger.info('first');
    logger.info('runtime ready', { url: 'http://127.0.0.1:4096', password: 'boot-password-123' });
    logger.for('http').warn('POST /api/x 401', { auth: 'Bearer abcdefghijklmnop' });
    logger.for('runtime').info('reading /home/alice/project/a.md and /home/alicebob/b.md');
    const lines = recent.lines();
    expect(lines).toEqual([
      { time: Date.UTC(2026, 10, 21, 10, 20, 5), level: 'info', source: 'host', message: 'runtime ready url=http://127.0.0.1:4096 password=[redacted]' },
      { time: Date.UTC(2026, 10, 21, 10, 20, 5), level: 'warn', source: 'http', message: 'POST /api/x 401 auth="[redacted]"' },
      { time: Date.UTC(2026, 10, 21, 10, 20, 5), level: 'info', source: 'runtime', message: 'reading ~/project/a.md and /home/alicebob/b.md' },
    ]);
    expect(recent.lines(1)).toHaveLength(1);
    expect(recent.lines(0)).toEqual([]);
  });

  it('cuts very long lines after redacting them', () => {
    const recent = new RecentLogs({ maxLineLength: 20, redact: (text) => text.replace('SECRET', '[redacted]') });
    recent.add({ time: '2026-01-01T00:00:00.000Z', level: 'info', source: 'host', runId: 'r', message: `${'x'.repeat(15)}SECRET and more` });
    expect(recent.lines()[0]?.message).toBe(`${'x'.repeat(15)}[reda…`);
  });
});

describe('home folder as ~', () => {
  it('replaces the home folder only as a whole path prefix, and never "/" or ""', () => {
    expect(tildeHome('/home/al/x and /home/alice/y and /home/al', '/home/al/')).toBe('~/x and /home/alice/y and ~');
    expect(tildeHome('C:\\Users\\bo\\data', 'C:\\Users\\bo')).toBe('~\\data');
    expect(homePattern('/')).toBeUndefined();
    expect(homePattern('')).toBeUndefined();
    expect(tildeHome('/a/b', undefined)).toBe('/a/b');
  });
});
