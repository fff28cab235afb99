import { formatIssue, type ConfigIssue, type LayerReport } from '@open-cowork/config';
import { isAbsolute, relative } from 'node:path';

/** Shows a path relative to the working directory when it lies beneath it. */
export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

export function issueLine(issue: ConfigIssue, cwd: string): string {
  const label = issue.severity === 'error' ? 'error' : 'warning';
  return `${label}: ${formatIssue({ ...issue, file: displayPath(issue.file, cwd) })}`;
}

const STATUS_WORDS: Readonly<Record<LayerReport['status'], string>> = {
  applied: 'applied',
  rejected: 'REJECTED',
  absent: 'not present',
  ignored: 'ignored',
};

export function layerLine(layer: LayerReport, cwd: string): string {
  return `  ${layer.kind.padEnd(12)} ${STATUS_WORDS[layer.status].padEnd(12)} ${displayPath(layer.file, cwd)}`;
}

export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
