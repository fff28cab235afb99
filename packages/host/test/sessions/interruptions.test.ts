// The turns the runtime cut off: the events that end them, and history that keeps the text
// that had streamed (OpenCode stores a text part only when it ends), also after a new host
// reads the marks from disk.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MessageInfo, MessageWithParts, RuntimeEvent } from '@open-cowork/runtime';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/ports/clock.js';
import { InterruptedTurns, RUNTIME_EXITED } from '../../src/sessions/interruptions.js';

const DIR = '/work/a';
const answer = (id: string): MessageInfo => ({ id, sessionId: 's1', role: 'assistant', createdAt: 1 }) as MessageInfo;
const delta = (messageId: string, partId: string, text: string): RuntimeEvent => ({ type: 'text.delta', sessionId: 's1', messageId, partId, delta: text, directory: DIR });
const crashed = { state: 'restarting', reason: 'OpenCode exited unexpectedly (killed by SIGKILL)', attempt: 1, delayMs: 0 } as const;

async function turns(file?: string) {
  const at = file ?? path.join(await mkdtemp(path.join(tmpdir(), 'oc-interrupt-')), 'interrupted-turns.json');
  const reports: string[] = [];
  return { file: at, reports, turns: new InterruptedTurns({ file: at, clock: new ManualClock(5_000), report: (message) => reports.push(message) }) };
}

function stored(id: string, parts: MessageWithParts['parts'] = []): MessageWithParts {
  return { info: answer(id), parts };
}

describe('InterruptedTurns', () => {
  it('ends a running turn with an error, the answer marked failed and idle; nothing when all were idle', async () => {
    const { turns: t } = await turns();
    expect(await t.cutOff(crashed)).toEqual([]);
    t.observe({ type: 'session.status', sessionId: 's1', status: { type: 'busy' }, directory: DIR });
    t.observe({ type: 'message.updated', message: answer('m1'), directory: DIR });
    const events = await t.cutOff(crashed);
    expect(events.map((event) => event.type)).toEqual(['session.error', 'message.updated', 'session.status']);
    expect(events[0]).toMatchObject({ sessionId: 's1', error: { name: RUNTIME_EXITED, message: 'The answer was cut off: OpenCode exited unexpectedly (killed by SIGKILL).' } });
    expect(events[1]).toMatchObject({ message: { id: 'm1', completedAt: 5_000, error: { name: RUNTIME_EXITED } } });
    // Ended once: a second cut finds nothing running.
    expect(await t.cutOff(crashed)).toEqual([]);
  });

  it('keeps the streamed text of the cut answer, and history shows it where OpenCode stored none or less', async () => {
    const { turns: t, file } = await turns();
    t.observe({ type: 'session.status', sessionId: 's1', status: { type: 'busy' }, directory: DIR });
    t.observe({ type: 'message.updated', message: answer('m1'), directory: DIR });
    t.observe(delta('m1', 'p1', 'Once upon '));
    t.observe(delta('m1', 'p1', 'a time'));
    t.observe(delta('other', 'p9', 'not this answer'));
    t.observe({ type: 'part.updated', part: { id: 'p2', sessionId: 's1', messageId: 'm1', kind: 'text', text: 'Second part' }, directory: DIR });
    await t.cutOff(crashed);

    // A new host reading the same file: the stored answer had an empty first part and no second.
    const { turns: later } = await turns(file);
    const history = await later.markHistory('s1', [stored('m1', [{ id: 'p1', sessionId: 's1', messageId: 'm1', kind: 'text', text: '' }]), stored('m2')]);
    expect(history[0]?.info.error?.name).toBe(RUNTIME_EXITED);
    expect(history[0]?.parts).toEqual([
      { id: 'p1', sessionId: 's1', messageId: 'm1', kind: 'text', text: 'Once upon a time' },
      { id: 'p2', sessionId: 's1', messageId: 'm1', kind: 'text', text: 'Second part' },
    ]);
    expect(history[1]).toEqual(stored('m2'));
    expect(JSON.parse(await readFile(file, 'utf8')).marks[0].texts).toHaveLength(2);
  });

  it('forgets the text of a finished answer and of an earlier message of the same turn', async () => {
    const { turns: t } = await turns();
    t.observe({ type: 'session.status', sessionId: 's1', status: { type: 'busy' }, directory: DIR });
    t.observe({ type: 'message.updated', message: answer('m1'), directory: DIR });
    t.observe(delta('m1', 'p1', 'first step'));
    t.observe({ type: 'message.updated', message: { ...answer('m1'), completedAt: 2 }, directory: DIR });
    t.observe({ type: 'message.updated', message: answer('m2'), directory: DIR });
    t.observe(delta('m2', 'p3', 'second step'));
    await t.cutOff(crashed);
    const history = await t.markHistory('s1', [stored('m1', [{ id: 'p1', sessionId: 's1', messageId: 'm1', kind: 'text', text: 'first step' }]), stored('m2')]);
    expect(history[0]?.info.error).toBeUndefined();
    expect(history[1]?.parts).toEqual([{ id: 'p3', sessionId: 's1', messageId: 'm2', kind: 'text', text: 'second step' }]);
  });

  it('keeps a damaged marks file aside and says so, instead of failing history', async () => {
    const { turns: t, file, reports } = await turns();
    await writeFile(file, '{ not json');
    expect(await t.markHistory('s1', [stored('m1')])).toEqual([stored('m1')]);
    expect(reports.join('\n')).toMatch(/damaged/);
  });
});
