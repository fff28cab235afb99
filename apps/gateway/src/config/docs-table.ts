// The configuration table of docs/gateway.md, rendered from the variable table so the docs
// cannot drift from what the gateway reads. `npm run generate` writes it; a test checks it.
import { PREFIX, VARIABLES, type VariableKind } from './variables.js';

export const TABLE_START = '<!-- gateway-variables:start (generated from apps/gateway/src/config/variables.ts; run npm run generate) -->';
export const TABLE_END = '<!-- gateway-variables:end -->';

function kindText(kind: VariableKind): string {
  switch (kind.type) {
    case 'integer':
      return `integer ${kind.min}–${kind.max}`;
    case 'secret':
      return `secret, ≥ ${kind.minLength} chars`;
    case 'enum':
      return kind.values.join(' \\| ');
    case 'url':
      return `URL (${kind.protocols.map((p) => p.replace(':', '')).join(', ')})`;
    case 'cidrs':
      return 'CIDR list';
    case 'names':
      return 'id list';
    default:
      return kind.type;
  }
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function renderVariablesTable(): string {
  const rows = VARIABLES.map((v) => `| \`${PREFIX}${v.name}\` | ${kindText(v.kind)} | ${v.default === undefined ? '(unset)' : v.default === '' ? '(empty)' : `\`${v.default}\``} | ${cell(v.description)} |`);
  return [TABLE_START, '| variable | kind | default | meaning |', '|---|---|---|---|', ...rows, TABLE_END].join('\n');
}

/** `doc` with its table replaced by the current one; throws when the markers are missing. */
export function withCurrentTable(doc: string): string {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start === -1 || end === -1 || end < start) throw new Error('docs/gateway.md has no gateway-variables markers.');
  return doc.slice(0, start) + renderVariablesTable() + doc.slice(end + TABLE_END.length);
}
