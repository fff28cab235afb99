// Small checks shared by the stores. Each throws a BAD_REQUEST CodedError naming the field;
// the stores' file parsers reuse them, where that error becomes "the file is damaged".
import { CodedError, HostErrorCode } from '@open-cowork/contracts';

/**
 * BAD_REQUEST for one field. `field` is written "permissions.bash" / "enabledProviders[1]";
 * `pointer` is the same as a JSON Pointer into the argument the caller passed (the patch,
 * or the call's named arguments); a transport that wraps it (params.patch) prefixes it.
 */
export function badField(field: string, message: string): CodedError {
  const pointer = fieldPointer(field);
  const text = `${field}: ${message}`;
  return new CodedError(HostErrorCode.BadRequest, text, { pointer, issues: [{ pointer, message: text }], field });
}

function fieldPointer(field: string): string {
  const tokens = field.replace(/\[(\d+)\]/g, '.$1').split('.');
  return tokens.map((token) => `/${token.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** A value as it may be quoted back in an error: short, never a long blob. */
export function quote(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown, field: string): Record<string, unknown> {
  if (!isRecord(value)) throw badField(field, `must be an object (got ${quote(value)})`);
  return value;
}

export function oneOf<const T extends string>(choices: readonly T[], value: unknown, field: string): T {
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw badField(field, `must be one of ${choices.join(', ')} (got ${quote(value)})`);
}

export function matching(pattern: RegExp, what: string, value: unknown, field: string, maxLength = 200): string {
  if (typeof value === 'string' && value.length <= maxLength && pattern.test(value)) return value;
  throw badField(field, `must be ${what} (got ${quote(value)})`);
}

export function boolean(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  throw badField(field, `must be true or false (got ${quote(value)})`);
}

/** Ids as the config schema spells them. */
export const PROVIDER_ID = /^[a-z0-9][a-z0-9._-]*$/;
export const MCP_NAME = /^[a-z0-9][a-z0-9_-]*$/;
export const CREDENTIAL_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
export const MODEL_REF = /^[a-z0-9][a-z0-9._-]*\/.+$/;
