import { describe, expect, it } from 'vitest';
import { LogBuffer } from '../src/index.js';

describe('LogBuffer', () => {
  it('keeps whole lines, joining chunks and holding a partial line back', () => {
    const log = new LogBuffer();
    log.write('stdout', 'first li');
    log.write('stdout', 'ne\nsecond\r\nthi');
    expect(log.lines().map((l) => l.text)).toEqual(['first line', 'second']);
    log.write('stdout', 'rd\n');
    expect(log.tail(1)).toBe('third');
  });

  it('is bounded in lines and line length', () => {
    const log = new LogBuffer({ maxLines: 3, maxLineLength: 10 });
    for (let i = 0; i < 10; i++) log.write('stderr', `line ${i}\n`);
    expect(log.lines().map((l) => l.text)).toEqual(['line 7', 'line 8', 'line 9']);
    log.note('x'.repeat(50));
    expect(log.tail(1)).toBe(`${'x'.repeat(10)}…`);
  });

  it('redacts registered secrets and common token shapes', () => {
    const log = new LogBuffer();
    log.addSecret('hunter2-password');
    log.write('stdout', 'auth hunter2-password ok\n');
    log.write('stdout', 'Authorization: Bearer abcdefghijklmnop\n');
    log.write('stdout', 'key sk-proj-abcdefghijklmnopqrstuv and ghp_abcdefghijklmnopqrstuvwxyz\n');
    log.write('stdout', 'GET /x?api_key=supersecret&y=1\n');
    log.write('stdout', '{"apiKey":"very-secret-value","name":"ok"}\n');
    const text = log.lines().map((l) => l.text);
    expect(text).toEqual([
      'auth [redacted] ok',
      'Authorization: [redacted]',
      'key [redacted] and [redacted]',
      'GET /x?api_key=[redacted]&y=1',
      '{"apiKey":"[redacted]","name":"ok"}',
    ]);
  });

  it('redacts before cutting, so a secret at the cut is still hidden', () => {
    const log = new LogBuffer({ maxLineLength: 12 });
    log.addSecret('abcdefghijkl');
    log.write('stdout', 'xxxxxxxx abcdefghijkl\n');
    expect(log.tail(1)).not.toContain('abcd');
  });

  it('tells followers about each stored line, redacted, until they unsubscribe', () => {
    const log = new LogBuffer();
    log.addSecret('top-secret-value');
    const seen: string[] = [];
    const stop = log.onLine((line) => seen.push(`${line.stream}: ${line.text}`));
    log.write('stderr', 'using top-secret-value\n');
    log.note('restarting');
    stop();
    log.note('not seen');
    expect(seen).toEqual(['stderr: using [redacted]', 'supervisor: restarting']);
  });
});
