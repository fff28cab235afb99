import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { splitReply } from '../src/reply/split.js';
import { signDelivery, signInbound, verifyInbound } from '../src/webhook/signing.js';
import { deliveryId } from '../src/channels/outbound.js';

const SECRET = 'f2b8c4e6a0d9f1b3c5e7a9d0f2b4c6e8';

describe('webhook signatures', () => {
  it('signs "v1:<timestamp>:<body>" inbound and "v1:delivery:<timestamp>:<body>" outbound (direction-bound)', () => {
    const body = '{"id":"m1"}';
    expect(signInbound(SECRET, '1700000000', body)).toBe(`v1=${createHmac('sha256', SECRET).update(`v1:1700000000:${body}`).digest('hex')}`);
    expect(signDelivery(SECRET, '1700000000', body)).toBe(`v1=${createHmac('sha256', SECRET).update(`v1:delivery:1700000000:${body}`).digest('hex')}`);
    // A delivery's signature never verifies as an inbound message.
    expect(verifyInbound(SECRET, '1700000000', signDelivery(SECRET, '1700000000', body), Buffer.from(body), 1700000000)).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('accepts ±300 s of skew and refuses beyond, a changed body, and malformed headers', () => {
    const body = Buffer.from('{"id":"m1"}');
    const at = (ts: number) => verifyInbound(SECRET, String(ts), signInbound(SECRET, String(ts), body), body, 1_700_000_000);
    expect(at(1_700_000_300).ok).toBe(true);
    expect(at(1_699_999_700).ok).toBe(true);
    expect(at(1_700_000_301)).toMatchObject({ ok: false, reason: 'skew' });
    expect(at(1_699_999_699)).toMatchObject({ ok: false, reason: 'skew' });
    const sig = signInbound(SECRET, '1700000000', body);
    expect(verifyInbound(SECRET, '1700000000', sig, Buffer.from('{"id":"m2"}'), 1_700_000_000)).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verifyInbound(SECRET, '1700000000', sig.toUpperCase(), body, 1_700_000_000)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifyInbound(SECRET, '17e8', sig, body, 1_700_000_000)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifyInbound(SECRET, undefined, sig, body, 1_700_000_000)).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('delivery ids are deterministic per (job, chunk) and differ between chunks', () => {
    expect(deliveryId('job-1', 1, 2)).toBe(deliveryId('job-1', 1, 2));
    expect(deliveryId('job-1', 1, 2)).not.toBe(deliveryId('job-1', 2, 2));
    expect(deliveryId('job-1', 1, 2)).toMatch(/^dlv_[0-9a-f]{32}$/);
  });
});

describe('reply splitting', () => {
  it('keeps a short reply whole', () => {
    expect(splitReply('Hello.\n\nSecond paragraph.', 100)).toEqual(['Hello.\n\nSecond paragraph.']);
  });

  it('cuts between paragraphs, never inside one that fits', () => {
    const paragraphs = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)];
    const chunks = splitReply(paragraphs.join('\n\n'), 90);
    expect(chunks).toEqual([`${paragraphs[0]}\n\n${paragraphs[1]}`, paragraphs[2]]);
  });

  it('closes a code fence at the end of a chunk and reopens it with its language in the next', () => {
    const code = Array.from({ length: 30 }, (_, i) => `const line${i} = ${i};`).join('\n');
    const text = `Here is the code:\n\n\`\`\`ts\n${code}\n\`\`\`\n\nDone.`;
    const chunks = splitReply(text, 200);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(200);
      expect((chunk.match(/```/g) ?? []).length % 2).toBe(0);
    }
    const reopened = chunks.filter((chunk) => chunk.includes('```ts'));
    expect(reopened.length).toBeGreaterThan(1);
    const lines = chunks.join('\n').split('\n').filter((line) => line.startsWith('const line'));
    expect(lines).toEqual(code.split('\n'));
  });

  it('hard-splits a paragraph longer than the limit at word boundaries, losing nothing', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const chunks = splitReply(words, 100);
    expect(chunks.every((chunk) => chunk.length <= 100)).toBe(true);
    expect(chunks.join(' ')).toBe(words);
  });
});
