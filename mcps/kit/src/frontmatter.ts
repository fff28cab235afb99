// YAML frontmatter for Markdown files (SKILL.md, knowledge notes): the small subset those
// files use. Values are strings or lists of strings; writing quotes whatever YAML could
// misread, reading understands plain, quoted and block scalars and flow and block lists.

export type FrontmatterValue = string | string[];
export type Frontmatter = Record<string, FrontmatterValue>;

export interface ParsedMarkdown {
  /** The frontmatter fields; empty when the file has none. */
  data: Frontmatter;
  /** Whether the file began with a frontmatter block. */
  hasFrontmatter: boolean;
  /** Everything after the frontmatter (the whole text when there is none). */
  body: string;
}

const KEY_RE = /^([A-Za-z_][\w-]*):(?:\s+(.*)|\s*)$/;
const PLAIN_SAFE = /^[A-Za-z0-9_(/][A-Za-z0-9_ .,()/'+-]*$/;
const YAML_WORDS = /^(?:true|false|yes|no|on|off|null|~|y|n)$/i;
const NUMBERISH = /^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;
/** YAML 1.1 readers turn these into dates. */
const DATEISH = /^\d{4}-\d{1,2}-\d{1,2}/;

/** A YAML scalar for `value`: plain when unambiguous, else double-quoted (JSON escapes are valid YAML). */
export function yamlScalar(value: string): string {
  if (value !== '' && PLAIN_SAFE.test(value) && !value.endsWith(' ') && !YAML_WORDS.test(value) && !NUMBERISH.test(value) && !DATEISH.test(value)) {
    return value;
  }
  return JSON.stringify(value);
}

/** `---`-fenced frontmatter for `data`, keys in the given order, ending with a newline. */
export function renderFrontmatter(data: Frontmatter): string {
  const lines = ['---'];
  for (const [key, value] of Object.entries(data)) {
    if (!KEY_RE.test(`${key}:`)) throw new Error(`Invalid frontmatter key "${key}"`);
    lines.push(Array.isArray(value) ? `${key}: [${value.map(yamlScalar).join(', ')}]` : `${key}: ${yamlScalar(value)}`);
  }
  lines.push('---');
  return lines.join('\n') + '\n';
}

/** Splits a Markdown file into its frontmatter and body. Unknown syntax is kept as plain text. */
export function parseMarkdown(text: string): ParsedMarkdown {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = normalised.split('\n');
  if (lines[0]?.trim() !== '---') return { data: {}, hasFrontmatter: false, body: normalised };
  const end = lines.findIndex((line, index) => index > 0 && (line.trim() === '---' || line.trim() === '...'));
  if (end === -1) return { data: {}, hasFrontmatter: false, body: normalised };
  const data = parseFields(lines.slice(1, end));
  const body = lines.slice(end + 1).join('\n').replace(/^\n+/, '');
  return { data, hasFrontmatter: true, body };
}

function parseFields(lines: string[]): Frontmatter {
  const data: Frontmatter = {};
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    index += 1;
    if (line.trim() === '' || line.trimStart().startsWith('#') || /^\s/.test(line)) continue;
    const match = KEY_RE.exec(line);
    if (!match) continue;
    const key = match[1] as string;
    const raw = (match[2] ?? '').trim();

    // Indented lines after the key: a block list, a block scalar, or a continued plain scalar.
    const block: string[] = [];
    while (index < lines.length && (/^\s/.test(lines[index] ?? '') || (lines[index] ?? '') === '')) {
      block.push(lines[index] ?? '');
      index += 1;
    }
    while (block.length > 0 && (block[block.length - 1] ?? '').trim() === '') block.pop();

    if (raw === '' && block.some((l) => l.trim().startsWith('- ') || l.trim() === '-')) {
      data[key] = block.filter((l) => l.trim().startsWith('-')).map((l) => scalar(l.trim().slice(1).trim()));
    } else if (/^[|>][-+]?$/.test(raw)) {
      data[key] = blockScalar(raw, block);
    } else if (raw.startsWith('[') && raw.endsWith(']')) {
      data[key] = flowList(raw.slice(1, -1));
    } else if (block.length > 0 && !raw.startsWith('"') && !raw.startsWith("'")) {
      data[key] = [raw, ...block.map((l) => l.trim())].filter((part) => part !== '').join(' ');
    } else {
      data[key] = scalar(raw);
    }
  }
  return data;
}

function blockScalar(indicator: string, block: string[]): string {
  const indent = Math.min(...block.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  const content = block.map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
  let text: string;
  if (indicator.startsWith('|')) {
    text = content.join('\n');
  } else {
    // Folded: single newlines become spaces, blank lines stay paragraph breaks.
    text = content
      .join('\n')
      .split(/\n{2,}/)
      .map((para) => para.replace(/\n/g, ' '))
      .join('\n');
  }
  return indicator.endsWith('-') ? text : text + '\n';
}

function flowList(inner: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < inner.length; i += 1) {
    const ch = inner[i] as string;
    if (quote) {
      current += ch;
      if (ch === '\\' && quote === '"' && i + 1 < inner.length) {
        current += inner[i + 1];
        i += 1;
      } else if (ch === quote) {
        quote = null;
      }
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      items.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== '').map(scalar);
}

function scalar(raw: string): string {
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2) return raw.slice(1, -1).replace(/''/g, "'");
  // A plain scalar ends at " #" (a comment).
  const comment = raw.search(/\s#/);
  return (comment === -1 ? raw : raw.slice(0, comment)).trim();
}
