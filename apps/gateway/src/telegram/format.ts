// Markdown as Telegram sees it: plain text plus explicit message entities. No parse_mode is ever
// sent, so nothing in a model's answer can be misread as markup by Telegram (an unmatched `*` or
// `_` stays a literal character) and nothing needs escaping. Offsets and lengths are UTF-16 code
// units, which is what JavaScript string indices count and what the Bot API expects.
import type { MessageEntity } from 'grammy/types';

export interface FormattedText {
  readonly text: string;
  readonly entities: MessageEntity[];
}

const FENCE = /^\s*(`{3,}|~{3,})\s*([\w+#.-]*)\s*$/;
const HEADING = /^#{1,6}\s+(.*)$/;
const BULLET = /^(\s*)[-*+]\s+(.*)$/;

class Builder {
  text = '';
  readonly entities: MessageEntity[] = [];

  append(piece: string): void {
    this.text += piece;
  }

  /** Runs `write` and covers what it appended with an entity (nothing when it appended nothing). */
  wrap(entity: Omit<MessageEntity, 'offset' | 'length'>, write: () => void): void {
    const start = this.text.length;
    const index = this.entities.length;
    write();
    const length = this.text.length - start;
    if (length > 0) this.entities.splice(index, 0, { ...entity, offset: start, length } as MessageEntity);
  }
}

/** A closing delimiter for an opening one at `from`: not after whitespace, and not empty inside. */
function closing(source: string, from: number, marker: string): number {
  let at = source.indexOf(marker, from + 1);
  while (at !== -1) {
    if (at > from && !/\s/.test(source[at - 1]!)) {
      const after = source[at + marker.length];
      // `_` closes only at a word end, so snake_case names stay intact.
      if (marker[0] !== '_' || after === undefined || !/\w/.test(after)) return at;
    }
    at = source.indexOf(marker, at + 1);
  }
  return -1;
}

const SAFE_LINK = /^https?:\/\/[^\s<>"]+$/i;

function inline(source: string, out: Builder): void {
  let i = 0;
  let literal = '';
  const flush = (): void => {
    out.append(literal);
    literal = '';
  };
  while (i < source.length) {
    const rest = source.slice(i);
    const tick = /^`+/.exec(rest);
    if (tick) {
      const end = source.indexOf(tick[0], i + tick[0].length);
      if (end !== -1 && end > i + tick[0].length) {
        flush();
        const code = source.slice(i + tick[0].length, end);
        out.wrap({ type: 'code' }, () => out.append(code.length > 2 && code.startsWith(' ') && code.endsWith(' ') ? code.slice(1, -1) : code));
        i = end + tick[0].length;
        continue;
      }
    }
    const link = /^\[([^\]\n]+)\]\(([^()\s]+)\)/.exec(rest);
    if (link && SAFE_LINK.test(link[2]!)) {
      flush();
      out.wrap({ type: 'text_link', url: link[2]! } as Omit<MessageEntity, 'offset' | 'length'>, () => inline(link[1]!, out));
      i += link[0].length;
      continue;
    }
    const marker = ['**', '__', '~~', '*', '_'].find((m) => rest.startsWith(m) && rest.length > m.length && !/\s/.test(rest[m.length]!));
    const wordStart = i === 0 || !/\w/.test(source[i - 1]!);
    if (marker !== undefined && (marker[0] !== '_' || wordStart)) {
      const end = closing(source, i + marker.length - 1, marker);
      if (end > i + marker.length) {
        flush();
        const type = marker === '~~' ? 'strikethrough' : marker.length === 2 ? 'bold' : 'italic';
        out.wrap({ type }, () => inline(source.slice(i + marker.length, end), out));
        i = end + marker.length;
        continue;
      }
    }
    literal += source[i];
    i += 1;
  }
  flush();
}

/** Converts one chunk of Markdown (already within the channel's length) to text and entities. */
export function markdownToTelegram(markdown: string): FormattedText {
  const out = new Builder();
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (index > 0) out.append('\n');
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      let end = index + 1;
      for (; end < lines.length; end += 1) {
        if (lines[end]!.trim().startsWith(fence[1]!) && lines[end]!.trim().replace(/[`~]/g, '') === '') break;
        body.push(lines[end]!);
      }
      const language = fence[2] ?? '';
      out.wrap({ type: 'pre', ...(language === '' ? {} : { language }) } as Omit<MessageEntity, 'offset' | 'length'>, () => out.append(body.join('\n')));
      index = end;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      out.wrap({ type: 'bold' }, () => inline(heading[1]!, out));
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      out.append(`${bullet[1]}• `);
      inline(bullet[2]!, out);
      continue;
    }
    inline(line, out);
  }
  return { text: out.text, entities: out.entities };
}
