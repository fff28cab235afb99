// The token meter shows the context the last answer used; an answer stopped before the model
// reported usage (all zeros) does not reset it to 0.
import type { Message } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { lastContextUse } from '../src/lib/context-use.js';

const usage = (input: number, output: number, cacheRead = 0) => ({ input, output, reasoning: 0, cacheRead, cacheWrite: 0 });
const entry = (info: Partial<Message> & Pick<Message, 'id' | 'role'>) => ({ info: { sessionId: 'ses_1', time: { created: 0 }, ...info } as Message });

describe('context use of a chat', () => {
  it('is the last answer\'s counts, cache reads included', () => {
    const entries = [
      entry({ id: 'msg_1', role: 'user' }),
      entry({ id: 'msg_2', role: 'assistant', model: 'p/m', tokens: usage(900, 100) }),
      entry({ id: 'msg_3', role: 'user' }),
      entry({ id: 'msg_4', role: 'assistant', model: 'p/m', tokens: usage(200, 50, 1000) }),
    ];
    expect(lastContextUse(entries)).toEqual({ used: 1250, model: 'p/m' });
  });

  it('keeps the previous answer\'s figure after a Stop left zeros, and has none before any answer', () => {
    const entries = [
      entry({ id: 'msg_1', role: 'user' }),
      entry({ id: 'msg_2', role: 'assistant', model: 'p/m', tokens: usage(14_000, 20) }),
      entry({ id: 'msg_3', role: 'user' }),
      entry({ id: 'msg_4', role: 'assistant', model: 'p/m', tokens: usage(0, 0) }),
      entry({ id: 'msg_5', role: 'assistant', model: 'p/m' }),
    ];
    expect(lastContextUse(entries)).toEqual({ used: 14_020, model: 'p/m' });
    expect(lastContextUse([entry({ id: 'msg_1', role: 'user' }), entry({ id: 'msg_2', role: 'assistant', tokens: usage(0, 0) })])).toBeUndefined();
  });
});
