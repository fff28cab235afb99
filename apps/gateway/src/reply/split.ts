// Splits a reply into chunks a channel accepts: at most `limit` characters each, cut between
// paragraphs where possible, never inside a code fence without closing it in one chunk and
// reopening it (with its language) in the next.

interface Block {
  readonly text: string;
  /** The opening fence line (```ts) when the block is a fenced code block. */
  readonly fence?: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})/;

function blocksOf(text: string): Block[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) blocks.push({ text: paragraph.join('\n') });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const open = FENCE.exec(line);
    if (open) {
      flush();
      const marker = open[2]!;
      const body = [line];
      let j = i + 1;
      for (; j < lines.length; j += 1) {
        body.push(lines[j]!);
        if (lines[j]!.trim().startsWith(marker) && lines[j]!.trim().replace(/[`~]/g, '') === '') break;
      }
      blocks.push({ text: body.join('\n'), fence: line.trim() });
      i = j;
    } else if (line.trim() === '') {
      flush();
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

/** Cuts text longer than `limit` at the last newline, else the last space, else hard. */
function hardSplit(text: string, limit: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    let cut = window.lastIndexOf('\n');
    if (cut < limit / 2) cut = window.lastIndexOf(' ');
    if (cut < limit / 2) cut = limit;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[ \n]/, '');
  }
  if (rest !== '') out.push(rest);
  return out;
}

/** A fenced block too long for one chunk: each piece is closed and the next reopened. */
function splitFence(block: Block & { fence: string }, limit: number): string[] {
  const marker = FENCE.exec(block.fence)![2]!;
  const lines = block.text.split('\n');
  const closed = lines.length > 1 && lines.at(-1)!.trim().startsWith(marker);
  const inner = lines.slice(1, closed ? -1 : undefined);
  const overhead = block.fence.length + marker.length + 2;
  const room = Math.max(1, limit - overhead);
  const pieces: string[] = [];
  let current: string[] = [];
  let size = 0;
  const push = (): void => {
    pieces.push(`${block.fence}\n${current.join('\n')}\n${marker}`);
    current = [];
    size = 0;
  };
  for (const line of inner.flatMap((l) => (l.length > room ? hardSplit(l, room) : [l]))) {
    if (size + line.length + (current.length > 0 ? 1 : 0) > room && current.length > 0) push();
    size += line.length + (current.length > 0 ? 1 : 0);
    current.push(line);
  }
  if (current.length > 0 || pieces.length === 0) push();
  return pieces;
}

export function splitReply(text: string, limit: number): string[] {
  const chunks: string[] = [];
  let current = '';
  const add = (piece: string): void => {
    if (current === '') current = piece;
    else if (current.length + 2 + piece.length <= limit) current = `${current}\n\n${piece}`;
    else {
      chunks.push(current);
      current = piece;
    }
  };
  for (const block of blocksOf(text)) {
    if (block.text.length <= limit) add(block.text);
    else if (block.fence !== undefined) for (const piece of splitFence(block as Block & { fence: string }, limit)) add(piece);
    else for (const piece of hardSplit(block.text, limit)) add(piece);
  }
  if (current !== '') chunks.push(current);
  return chunks;
}
