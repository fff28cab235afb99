// Runtime output kept for diagnostics: a bounded ring of lines with secrets blanked out
// before they are stored, so nothing read from here can leak a key.

export interface LogLine {
  readonly time: number;
  readonly stream: 'stdout' | 'stderr' | 'supervisor';
  readonly text: string;
}

export interface LogBufferOptions {
  /** Most lines kept; older lines are dropped first. Default 500. */
  readonly maxLines?: number;
  /** Longest line kept, in characters; longer lines are cut. Default 2000. */
  readonly maxLineLength?: number;
  readonly now?: () => number;
}

export const REDACTED = '[redacted]';

/** Token shapes worth hiding even when nobody registered them as secrets. */
const WHOLE_TOKENS: readonly RegExp[] = [
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(?:sk|pk|rk|ghp|gho|ghs|ghu|github_pat|xox[abpr])[-_][A-Za-z0-9_-]{10,}/g,
];
/** `name=value` and `"name": "value"` pairs whose value is hidden; group 1 is kept. */
const SECRET_VALUES: readonly RegExp[] = [
  /([?&](?:api[_-]?key|key|token|access_token|auth_token|password)=)[^&\s"']+/gi,
  /("(?:api[_-]?key|token|password|secret|authorization)"\s*:\s*")[^"]+/gi,
];

/** `text` with every given secret (of 4+ characters) and every token-shaped value blanked out. */
export function redactText(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  for (const pattern of WHOLE_TOKENS) out = out.replace(pattern, REDACTED);
  for (const pattern of SECRET_VALUES) out = out.replace(pattern, `$1${REDACTED}`);
  return out;
}

export class LogBuffer {
  readonly #lines: LogLine[] = [];
  readonly #secrets = new Set<string>();
  readonly #listeners = new Set<(line: LogLine) => void>();
  readonly #maxLines: number;
  readonly #maxLineLength: number;
  readonly #now: () => number;
  #partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };

  constructor(options: LogBufferOptions = {}) {
    this.#maxLines = options.maxLines ?? 500;
    this.#maxLineLength = options.maxLineLength ?? 2000;
    this.#now = options.now ?? Date.now;
  }

  /** Registers a value that must never appear in the buffer (passwords, keys). */
  addSecret(value: string): void {
    if (value.length >= 4) this.#secrets.add(value);
  }

  /** Feeds raw process output; complete lines are stored, a trailing partial line waits. */
  write(stream: 'stdout' | 'stderr', chunk: string): void {
    const text = this.#partial[stream] + chunk;
    const parts = text.split(/\r?\n/);
    this.#partial[stream] = parts.pop() ?? '';
    if (this.#partial[stream].length > this.#maxLineLength) {
      this.#push(stream, this.#partial[stream]);
      this.#partial[stream] = '';
    }
    for (const line of parts) if (line !== '') this.#push(stream, line);
  }

  /** Records a line from the supervisor itself (starts, exits, restarts). */
  note(text: string): void {
    this.#push('supervisor', text);
  }

  /** Follows new lines as they are stored (already redacted); returns the disposer. */
  onLine(listener: (line: LogLine) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  lines(): readonly LogLine[] {
    return [...this.#lines];
  }

  /** The last `count` lines as plain text, e.g. for a start-up error. */
  tail(count = 20): string {
    return this.#lines
      .slice(-count)
      .map((line) => line.text)
      .join('\n');
  }

  redact(text: string): string {
    return redactText(text, this.#secrets);
  }

  #push(stream: LogLine['stream'], raw: string): void {
    // Redact before cutting, so a cut never leaves half a secret unrecognised.
    const clean = this.redact(raw);
    const text = clean.length > this.#maxLineLength ? `${clean.slice(0, this.#maxLineLength)}…` : clean;
    const line: LogLine = { time: this.#now(), stream, text };
    this.#lines.push(line);
    if (this.#lines.length > this.#maxLines) this.#lines.splice(0, this.#lines.length - this.#maxLines);
    for (const listener of this.#listeners) {
      try {
        listener(line);
      } catch {
        // a broken log sink must not break the runtime
      }
    }
  }
}
