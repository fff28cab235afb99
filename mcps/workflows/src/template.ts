// Prompt templates: text with `{{param}}` placeholders (spaces inside the braces allowed).
// `\{{` writes a literal `{{`. Any other `{{` that does not open a placeholder is an error,
// so a typo never reaches the agent as a half-filled prompt.

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/y;

export type Segment = { text: string } | { param: string };

export interface ParsedTemplate {
  segments: Segment[];
  /** Placeholder names in order of first use. */
  params: string[];
  /** Malformed placeholders, with their position. */
  problems: string[];
}

export function parseTemplate(template: string): ParsedTemplate {
  const segments: Segment[] = [];
  const params: string[] = [];
  const problems: string[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    if (template.startsWith('\\{{', i)) {
      text += '{{';
      i += 3;
      continue;
    }
    if (template.startsWith('{{', i)) {
      PLACEHOLDER.lastIndex = i;
      const match = PLACEHOLDER.exec(template);
      if (match) {
        if (text !== '') segments.push({ text });
        text = '';
        const name = match[1] as string;
        segments.push({ param: name });
        if (!params.includes(name)) params.push(name);
        i = PLACEHOLDER.lastIndex;
        continue;
      }
      const { line, column } = position(template, i);
      const excerpt = template.slice(i, i + 24).split('\n')[0];
      problems.push(`line ${line}, column ${column}: "${excerpt}" is not a placeholder; write {{name}} with a letter, digit or _ name, or \\{{ for literal braces`);
      text += '{{';
      i += 2;
      continue;
    }
    text += template[i];
    i += 1;
  }
  if (text !== '') segments.push({ text });
  return { segments, params, problems };
}

/** The template with every placeholder replaced by its value. */
export function fillTemplate(parsed: ParsedTemplate, values: Readonly<Record<string, string>>): string {
  return parsed.segments.map((segment) => ('text' in segment ? segment.text : (values[segment.param] ?? ''))).join('');
}

function position(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}
