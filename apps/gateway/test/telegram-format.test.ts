// Telegram formatting and callback data: Markdown becomes entities (UTF-16 offsets) and never
// parse_mode markup; unmatched markers stay literal; a token never survives in an error text.
import { describe, expect, it } from 'vitest';
import { splitReply } from '../src/reply/split.js';
import { decodeCallback, encodeCallback } from '../src/telegram/callback.js';
import { redactToken } from '../src/telegram/errors.js';
import { markdownToTelegram } from '../src/telegram/format.js';

describe('Markdown as Telegram entities', () => {
  it('renders bold, italic, strikethrough, code, fenced blocks with language, links, headings and bullets', () => {
    const { text, entities } = markdownToTelegram('# Plan\n- **bold _nested_** and ~~gone~~\n- `x < y`\n```ts\nconst a = 1;\n```\n[site](https://example.com/a_b)');
    expect(text).toBe('Plan\n• bold nested and gone\n• x < y\nconst a = 1;\nsite');
    expect(entities).toEqual([
      { type: 'bold', offset: 0, length: 4 },
      { type: 'bold', offset: 7, length: 11 },
      { type: 'italic', offset: 12, length: 6 },
      { type: 'strikethrough', offset: 23, length: 4 },
      { type: 'code', offset: 30, length: 5 },
      { type: 'pre', language: 'ts', offset: 36, length: 12 },
      { type: 'text_link', url: 'https://example.com/a_b', offset: 49, length: 4 },
    ]);
  });

  it('counts offsets in UTF-16 code units, as the Bot API does', () => {
    const { text, entities } = markdownToTelegram('😀 **ok** 👍🏽 _fine_');
    expect(entities).toEqual([
      { type: 'bold', offset: 3, length: 2 },
      { type: 'italic', offset: 11, length: 4 },
    ]);
    expect(text.slice(3, 5)).toBe('ok');
    expect(text.slice(11, 15)).toBe('fine');
  });

  it('leaves unmatched markers, snake_case names and unsafe links as plain text', () => {
    for (const source of ['2 * 3 = 6 and a_b_c', 'an *open marker', '[click](javascript:alert(1))', '<b>not html</b> & co']) {
      const { text, entities } = markdownToTelegram(source);
      expect(text, source).toBe(source);
      expect(entities, source).toEqual([]);
    }
  });

  it('a chunk of at most 4,096 Markdown characters stays within the limit once rendered', () => {
    const long = Array.from({ length: 300 }, (_, i) => `**Item ${i}** with \`code\` and _emphasis_ ${'x'.repeat(i % 50)}`).join('\n\n');
    for (const chunk of splitReply(long, 4096)) expect(markdownToTelegram(chunk).text.length).toBeLessThanOrEqual(4096);
  });
});

describe('approval buttons and Bot API errors', () => {
  it('callback data fits 64 bytes and round-trips; anything else is ignored', () => {
    const data = encodeCallback('ap0123456789abcdef0123', 'q12.34');
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(decodeCallback(data)).toEqual({ approvalId: 'ap0123456789abcdef0123', actionId: 'q12.34' });
    for (const bad of ['', 'a:x', 'b:ap01234567:once', 'a:AP0123456:once', `a:${'a'.repeat(40)}:once`]) expect(decodeCallback(bad), bad).toBeUndefined();
    expect(() => encodeCallback('ap0123456789', 'has space')).toThrow();
  });

  it('cuts the bot token out of error texts that quote a request URL', () => {
    const token = '123456789:AAFakeTokenForTestsOnly_abcdefghijklmnop';
    const text = `request to http://127.0.0.1:9/bot${token}/getUpdates failed, reason: ECONNREFUSED`;
    expect(redactToken(text, token)).toBe('request to http://127.0.0.1:9/bot<bot-token>/getUpdates failed, reason: ECONNREFUSED');
    expect(redactToken('https://api.telegram.org/bot987654321:AAotherTokenXXXXXXXXXXXXXXXXXXXXXXXXX/sendMessage', token)).not.toContain('AAother');
  });
});
