// Reading one variable's text as its kind. Every mistake is reported with the variable's name;
// nothing falls back to a default silently.
import { BlockList, isIP } from 'node:net';
import type { VariableKind } from './variables.js';

export type Parsed =
  | { readonly ok: true; readonly value: string | number | boolean | readonly string[] }
  | { readonly ok: false; readonly message: string };

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);
const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Text that looks like it was left from an example rather than chosen. */
export function placeholderReason(value: string, minLength: number): string | undefined {
  const lower = value.toLowerCase();
  if (value.length < minLength) return `is ${value.length} characters long; use at least ${minLength} random characters (e.g. openssl rand -hex 32)`;
  if (/^<.*>$/s.test(value.trim()) || /<[^>]*>/.test(value)) return 'looks like a placeholder (<…>)';
  if (/\$\{[^}]*\}|\{env:/.test(value)) return 'looks like an unexpanded template (${…})';
  for (const word of ['changeme', 'change-me', 'change_me', 'replace-me', 'replaceme', 'placeholder', 'your-secret', 'your_token', 'example', 'secret-here', 'token-here']) {
    if (lower.includes(word)) return `looks like a placeholder ("${word}")`;
  }
  if (/^(.)\1*$/.test(value)) return 'is one character repeated';
  return undefined;
}

export function parseCidrs(text: string): { readonly ok: true; readonly value: readonly string[] } | { readonly ok: false; readonly message: string } {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  const list = new BlockList();
  for (const part of parts) {
    const [address = '', bitsText, ...rest] = part.split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    const bits = bitsText === undefined ? max : Number(bitsText);
    if (family === 0 || rest.length > 0 || (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) || bits > max) {
      return { ok: false, message: `"${part}" is not a CIDR (e.g. 10.0.0.0/8 or 2001:db8::/32)` };
    }
    list.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4');
  }
  return { ok: true, value: parts };
}

export function parseValue(kind: VariableKind, raw: string): Parsed {
  const text = raw.trim();
  switch (kind.type) {
    case 'string':
    case 'path':
      return text === '' ? { ok: false, message: 'is empty' } : { ok: true, value: text };
    case 'secret': {
      const reason = placeholderReason(raw, kind.minLength);
      return reason === undefined ? { ok: true, value: raw } : { ok: false, message: reason };
    }
    case 'integer': {
      if (!/^-?\d+$/.test(text)) return { ok: false, message: `must be a whole number from ${kind.min} to ${kind.max}; got "${text}"` };
      const number = Number(text);
      if (number < kind.min || number > kind.max) return { ok: false, message: `must be from ${kind.min} to ${kind.max}; got ${number}` };
      return { ok: true, value: number };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return { ok: true, value: true };
      if (FALSE.has(lower)) return { ok: true, value: false };
      return { ok: false, message: `must be true or false; got "${text}"` };
    }
    case 'url': {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return { ok: false, message: 'is not an absolute URL' };
      }
      if (!kind.protocols.includes(url.protocol)) return { ok: false, message: `must use ${kind.protocols.join(' or ')}; got ${url.protocol}` };
      return { ok: true, value: text };
    }
    case 'cidrs':
      return parseCidrs(text);
    case 'enum':
      return kind.values.includes(text) ? { ok: true, value: text } : { ok: false, message: `must be one of ${kind.values.join(', ')}; got "${text}"` };
    case 'names': {
      const names = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
      const bad = names.find((name) => !NAME.test(name));
      if (names.length === 0) return { ok: false, message: 'names no provider id' };
      if (bad !== undefined) return { ok: false, message: `"${bad}" is not an id (lowercase letters, digits, _ and -)` };
      return { ok: true, value: [...new Set(names)] };
    }
  }
}
