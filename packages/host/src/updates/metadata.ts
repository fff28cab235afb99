// electron-updater's feed metadata (latest-mac.yml, beta-mac.yml, …) read without a YAML
// library: electron-builder writes a small, regular subset of YAML (top-level scalars, a
// `files` list of flat mappings, sometimes a block-scalar `releaseNotes`). This reader accepts
// exactly that subset and refuses anything else as invalid metadata rather than guessing.
import { parseVersion, type Version } from './semver.js';

export interface FeedFile {
  readonly url: string;
  readonly sha512?: string;
  readonly size?: number;
}

export interface FeedMetadata {
  readonly version: string;
  readonly parsedVersion: Version;
  readonly files: readonly FeedFile[];
  readonly path?: string;
  readonly sha512?: string;
  readonly releaseDate?: string;
}

export class MetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetadataError';
  }
}

type Scalar = string;
type Mapping = { [key: string]: Node };
type Node = Scalar | Mapping | Node[];

interface Line {
  readonly number: number;
  readonly indent: number;
  readonly text: string;
}

const KEY = /^([A-Za-z0-9_][A-Za-z0-9_.-]*)[ \t]*:(?:[ \t]+(.*))?$/;
const BLOCK_SCALAR = /^[|>][+-]?[1-9]?$/;

/** The lines that carry content: no blanks, no comments, no document markers. Tabs in indentation are refused. */
function contentLines(text: string): Line[] {
  const lines: Line[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const body = raw.replace(/\s+$/, '');
      const trimmed = body.trimStart();
      if (trimmed === '' || trimmed.startsWith('#') || trimmed === '---' || trimmed === '...') return;
      const indentation = body.slice(0, body.length - trimmed.length);
      if (indentation.includes('\t')) throw new MetadataError(`line ${index + 1}: tabs are not allowed in indentation`);
      lines.push({ number: index + 1, indent: indentation.length, text: trimmed });
    });
  return lines;
}

function scalar(raw: string, line: number): Scalar {
  const text = raw.trim();
  if (text.startsWith("'")) {
    const match = /^'((?:[^']|'')*)'(?:\s+#.*)?$/.exec(text);
    if (match === null) throw new MetadataError(`line ${line}: unterminated single-quoted value`);
    return (match[1] ?? '').replace(/''/g, "'");
  }
  if (text.startsWith('"')) {
    const match = /^("(?:[^"\\]|\\.)*")(?:\s+#.*)?$/.exec(text);
    if (match === null) throw new MetadataError(`line ${line}: unterminated double-quoted value`);
    try {
      return JSON.parse(match[1] ?? '""') as string;
    } catch {
      throw new MetadataError(`line ${line}: a double-quoted value with an escape this reader does not know`);
    }
  }
  if (/^[[{&*!%@`]/.test(text)) throw new MetadataError(`line ${line}: flow collections, anchors and tags are not supported`);
  return text.replace(/\s+#.*$/, '');
}

/** Reads lines[at…] that are indented more than `parent` (or are "- " items at `parent`, for a list under a key). */
class Reader {
  #at = 0;
  constructor(private readonly lines: readonly Line[]) {}

  document(): Mapping {
    const mapping = this.mapping(0);
    const left = this.lines[this.#at];
    if (left !== undefined) throw new MetadataError(`line ${left.number}: unexpected indentation`);
    return mapping;
  }

  private peek(): Line | undefined {
    return this.lines[this.#at];
  }

  /** A mapping whose keys sit at exactly `indent`. */
  private mapping(indent: number, first?: { key: string; rest: string | undefined; line: number }): Mapping {
    const result: Mapping = {};
    const entry = (key: string, rest: string | undefined, line: number, keyIndent: number) => {
      if (Object.hasOwn(result, key)) throw new MetadataError(`line ${line}: "${key}" appears twice`);
      result[key] = this.value(rest, line, keyIndent);
    };
    if (first !== undefined) entry(first.key, first.rest, first.line, indent);
    for (let line = this.peek(); line !== undefined && line.indent === indent && !line.text.startsWith('- ') && line.text !== '-'; line = this.peek()) {
      const match = KEY.exec(line.text);
      if (match === null) throw new MetadataError(`line ${line.number}: expected "key: value"`);
      this.#at += 1;
      entry(match[1] ?? '', match[2], line.number, indent);
    }
    return result;
  }

  /** The value after "key:" on line `line`, whose key sits at `indent`. */
  private value(rest: string | undefined, line: number, indent: number): Node {
    if (rest !== undefined && rest !== '') {
      if (BLOCK_SCALAR.test(rest.trim())) return this.blockScalar(indent);
      return scalar(rest, line);
    }
    const next = this.peek();
    if (next === undefined) return '';
    // A list may sit at the key's own indentation ("files:\n- url: …").
    if ((next.text.startsWith('- ') || next.text === '-') && next.indent >= indent) return this.sequence(next.indent);
    if (next.indent > indent) return this.mapping(next.indent);
    return '';
  }

  private blockScalar(indent: number): Scalar {
    const parts: string[] = [];
    for (let line = this.peek(); line !== undefined && line.indent > indent; line = this.peek()) {
      parts.push(line.text);
      this.#at += 1;
    }
    return parts.join('\n');
  }

  /** A list whose "- " markers sit at exactly `indent`. */
  private sequence(indent: number): Node[] {
    const items: Node[] = [];
    for (let line = this.peek(); line !== undefined && line.indent === indent && (line.text.startsWith('- ') || line.text === '-'); line = this.peek()) {
      this.#at += 1;
      const body = line.text === '-' ? '' : line.text.slice(2).trimStart();
      const itemIndent = indent + (line.text.length - body.length);
      if (body === '') {
        const next = this.peek();
        items.push(next !== undefined && next.indent > indent ? this.mapping(next.indent) : '');
        continue;
      }
      const match = KEY.exec(body);
      if (match === null) {
        items.push(scalar(body, line.number));
        continue;
      }
      items.push(this.mapping(itemIndent, { key: match[1] ?? '', rest: match[2], line: line.number }));
    }
    return items;
  }
}

/** Parses the YAML subset above into plain values. */
export function readYamlSubset(text: string): Mapping {
  return new Reader(contentLines(text)).document();
}

function optionalString(node: Node | undefined, field: string): string | undefined {
  if (node === undefined || node === '') return undefined;
  if (typeof node !== 'string') throw new MetadataError(`"${field}" is not a text value`);
  return node;
}

function file(node: Node, index: number): FeedFile {
  if (typeof node !== 'object' || Array.isArray(node)) throw new MetadataError(`files[${index}] is not a mapping`);
  const url = optionalString(node['url'], `files[${index}].url`);
  if (url === undefined) throw new MetadataError(`files[${index}] has no url`);
  const sha512 = optionalString(node['sha512'], `files[${index}].sha512`);
  const sizeText = optionalString(node['size'], `files[${index}].size`);
  if (sizeText !== undefined && !/^\d+$/.test(sizeText)) throw new MetadataError(`files[${index}].size is not a whole number`);
  return { url, ...(sha512 === undefined ? {} : { sha512 }), ...(sizeText === undefined ? {} : { size: Number(sizeText) }) };
}

/** Reads and checks electron-updater metadata; throws {@link MetadataError} when it is not usable. */
export function parseFeedMetadata(text: string): FeedMetadata {
  const doc = readYamlSubset(text);
  const version = optionalString(doc['version'], 'version');
  if (version === undefined) throw new MetadataError('there is no version');
  const parsedVersion = parseVersion(version);
  if (parsedVersion === undefined) throw new MetadataError(`the version "${version}" is not a semantic version`);
  const path = optionalString(doc['path'], 'path');
  const sha512 = optionalString(doc['sha512'], 'sha512');
  const releaseDate = optionalString(doc['releaseDate'], 'releaseDate');
  const listed = doc['files'];
  let files: FeedFile[];
  if (listed === undefined || listed === '') {
    // Older electron-builder wrote only path and sha512.
    files = path !== undefined && sha512 !== undefined ? [{ url: path, sha512 }] : [];
  } else {
    if (!Array.isArray(listed)) throw new MetadataError('"files" is not a list');
    files = listed.map(file);
  }
  if (files.length === 0) throw new MetadataError('no files are listed');
  return {
    version,
    parsedVersion,
    files,
    ...(path === undefined ? {} : { path }),
    ...(sha512 === undefined ? {} : { sha512 }),
    ...(releaseDate === undefined ? {} : { releaseDate }),
  };
}
