// Cleans anything about to leave the host's memory for a file, a collector or a support
// bundle: every string goes through the runtime's redactor (known secrets plus token shapes),
// a few more token shapes it does not know (Google OAuth tokens and keys, JWTs, private key
// blocks), and the user's home folder becomes `~`; a string under a key that names a secret
// (apiKey, token, authorization, …) is blanked out whole unless it is already a mask.
import { MASK } from '@open-cowork/config';
import { REDACTED, redactText } from '@open-cowork/runtime';
import { homePattern } from '../log/recent.js';

/** Token shapes beyond the runtime redactor's. */
const EXTRA_TOKENS: readonly RegExp[] = [
  // Google OAuth access tokens, refresh tokens, client secrets and API keys.
  /\bya29\.[A-Za-z0-9_\-.]{8,}/g,
  /\b1\/\/0[A-Za-z0-9_-]{16,}/g,
  /\bGOCSPX-[A-Za-z0-9_-]{8,}/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  // JSON Web Tokens (id tokens, signed URLs' assertions).
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  // PEM private keys.
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

/** Keys whose value is a secret whatever it looks like. */
export const SECRET_KEY = /(api[-_]?key|token|secret|password|passwd|authorization|cookie|private[-_]?key|credential)/i;

export interface SanitizerOptions {
  /** Known secret values (config secrets, stored credentials, custom MCP values), read on every call. */
  readonly secrets?: () => Iterable<string>;
  /** A further redactor, e.g. the runtime log buffer's (it knows the per-boot password). */
  readonly redact?: (text: string) => string;
  /** Shown as `~`. */
  readonly homeDir?: string | undefined;
}

export interface Sanitizer {
  /** One string, cleaned. */
  text(value: string): string;
  /** A deep copy of a JSON-like value, every string cleaned and secret-named keys blanked. */
  value<T>(value: T): T;
}

export function createSanitizer(options: SanitizerOptions = {}): Sanitizer {
  const home = homePattern(options.homeDir);
  const text = (value: string): string => {
    let out = redactText(value, [...(options.secrets?.() ?? [])].filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length));
    if (options.redact !== undefined) out = options.redact(out);
    for (const pattern of EXTRA_TOKENS) out = out.replace(pattern, REDACTED);
    return home === undefined ? out : out.replace(home, '~');
  };
  const value = <T>(input: T): T => clean(input, text, 0) as T;
  return { text, value };
}

function clean(input: unknown, text: (value: string) => string, depth: number): unknown {
  if (typeof input === 'string') return text(input);
  if (depth > 64 || input === null || typeof input !== 'object') return input;
  if (Array.isArray(input)) return input.map((item) => clean(item, text, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(input)) {
    const cleanKey = text(key);
    // A value the config view already masked ("•••••••• ({env:NAME})") stays as it is.
    const blank = SECRET_KEY.test(key) && typeof child === 'string' && child !== '' && !child.startsWith(MASK);
    out[cleanKey] = blank ? REDACTED : clean(child, text, depth + 1);
  }
  return out;
}
