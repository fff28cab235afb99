import type { Message, MessageWithParts } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { TranscriptWriter, transcriptFromHistory, type Transcript } from '../src/state/transcript.js';

const msg = (i: number, role: 'user' | 'assistant' = i % 2 ? 'assistant' : 'user'): Message => ({ id: `m${i}`, sessionId: 's', role, createdAt: i });

function big(n: number): Transcript {
  const history: MessageWithParts[] = [];
  for (let i = 0; i < n; i += 1) history.push({ info: msg(i), parts: [{ id: `p${i}`, sessionId: 's', messageId: `m${i}`, kind: 'text', text: `text ${i}` }] });
  return transcriptFromHistory('s', history);
}

describe('TranscriptWriter', () => {
  it('never changes the base and shares untouched entries', () => {
    const base = big(100);
    const snapshot = JSON.stringify(base.entries);
    const w = new TranscriptWriter(base);
    w.appendDelta('m99', 'p99', 'text', '!');
    const next = w.result();
    expect(JSON.stringify(base.entries)).toBe(snapshot);
    expect(next.entries[99]?.parts[0]).toMatchObject({ text: 'text 99!' });
    expect(next.entries[98]).toBe(base.entries[98]);
    expect(next.entries).not.toBe(base.entries);
  });

  it('returns the base itself when nothing changed', () => {
    const base = big(3);
    expect(new TranscriptWriter(base).result()).toBe(base);
  });

  it('appends new messages and finds them again by id', () => {
    const base = big(2);
    const w1 = new TranscriptWriter(base);
    w1.upsertMessage(msg(2, 'assistant'));
    const t1 = w1.result();
    const w2 = new TranscriptWriter(t1);
    w2.appendDelta('m2', 'px', 'text', 'a');
    w2.appendDelta('m2', 'px', 'text', 'b');
    w2.upsertMessage({ ...msg(2, 'assistant'), completedAt: 9 });
    const t2 = w2.result();
    expect(t2.entries).toHaveLength(3);
    expect(t2.entries[2]?.info.completedAt).toBe(9);
    expect(t2.entries[2]?.parts).toEqual([{ id: 'px', sessionId: 's', messageId: 'm2', kind: 'text', text: 'ab' }]);
  });

  it('places a late older message by time', () => {
    const base = big(3);
    const w = new TranscriptWriter(base);
    w.upsertMessage({ id: 'late', sessionId: 's', role: 'assistant', createdAt: 1.5 });
    w.appendDelta('late', 'pl', 'text', 'x');
    w.appendDelta('m2', 'p2', 'text', '!');
    const t = w.result();
    expect(t.entries.map((e) => e.info.id)).toEqual(['m0', 'm1', 'late', 'm2']);
    expect(t.index.get('m2')).toBe(3);
    expect(t.entries[2]?.parts[0]).toMatchObject({ text: 'x' });
    expect(t.entries[3]?.parts[0]).toMatchObject({ text: 'text 2!' });
  });

  it('starts a message and part from a delta that came first', () => {
    const w = new TranscriptWriter(transcriptFromHistory('s', []));
    w.appendDelta('mx', 'px', 'reasoning', 'hmm');
    const t = w.result();
    expect(t.entries[0]?.info).toMatchObject({ id: 'mx', role: 'assistant' });
    expect(t.entries[0]?.parts[0]).toMatchObject({ kind: 'reasoning', text: 'hmm' });
  });

  it('streams into a 10,000-message transcript without copying other messages', () => {
    const first = big(10_000);
    let t = first;
    for (let frame = 0; frame < 200; frame += 1) {
      const w = new TranscriptWriter(t);
      for (let i = 0; i < 20; i += 1) w.appendDelta('m9999', 'p9999', 'text', 'x');
      t = w.result();
    }
    expect(t.entries[9999]?.parts[0]).toMatchObject({ text: `text 9999${'x'.repeat(4000)}` });
    // Every other message is the very object it was (speed is measured by the chat-open and stream-fps benches).
    expect(t.entries.slice(0, 9999).every((entry, i) => entry === first.entries[i])).toBe(true);
    expect(first.entries[9999]?.parts[0]).toMatchObject({ text: 'text 9999' });
  });
});
