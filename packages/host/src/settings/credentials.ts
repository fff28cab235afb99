// Provider and MCP credentials as the settings file keeps them. The rule is simple: every
// credential value is sealed through the SecretCipher before it is stored, whatever the
// field. Whether a field is a *secret* decides only what reads show: secrets show a mask,
// other fields (those the config declares `secret: false`, such as a region picker) their value.
import type { OpenCoworkConfig } from '@open-cowork/config';
import { MASK } from '@open-cowork/config';
import { CodedError } from '@open-cowork/contracts';
import type { SecretCipher } from '../ports/secret-cipher.js';
import { badField, CREDENTIAL_KEY, isRecord, matching, MCP_NAME, oneOf, PROVIDER_ID, record } from '../state/fields.js';

export const CREDENTIAL_SCOPES = ['provider', 'mcp'] as const;
export type CredentialScope = (typeof CREDENTIAL_SCOPES)[number];

/** One stored value and the kind of cipher that sealed it. */
export interface SealedValue {
  readonly cipher: string;
  readonly sealed: string;
}

type Table = Readonly<Record<string, Readonly<Record<string, SealedValue>>>>;

export interface SealedCredentials {
  /** Provider id → credential key → sealed value. */
  readonly providers: Table;
  /** MCP name → credential key → sealed value. */
  readonly mcps: Table;
}

export const NO_CREDENTIALS: SealedCredentials = { providers: {}, mcps: {} };

/** Whether a credential field is a secret (masked on read). */
export type CredentialSecrecy = (scope: CredentialScope, id: string, key: string) => boolean;

/** Without a config, every field is a secret. */
export const allSecret: CredentialSecrecy = () => true;

/**
 * Secrecy as the config declares it: provider fields are secrets unless `secret: false`,
 * MCP fields only with `secret: true` (the schema's defaults). Undeclared fields are secrets.
 */
export function secrecyFromConfig(config: Pick<OpenCoworkConfig, 'providers' | 'mcps'>): CredentialSecrecy {
  const plain = new Set<string>();
  for (const [id, descriptor] of Object.entries(config.providers.descriptors)) {
    for (const field of descriptor.credentials ?? []) if (field.secret === false) plain.add(`provider/${id}/${field.key}`);
  }
  for (const server of config.mcps ?? []) {
    for (const field of server.credentials ?? []) if (field.secret !== true) plain.add(`mcp/${server.name}/${field.key}`);
  }
  return (scope, id, key) => !plain.has(`${scope}/${id}/${key}`);
}

const TABLE_OF: Readonly<Record<CredentialScope, keyof SealedCredentials>> = { provider: 'providers', mcp: 'mcps' };
const MAX_VALUE_LENGTH = 64 * 1024;

/** Checks where a credential goes (BAD_REQUEST naming the field). */
export function checkAddress(scope: unknown, id: unknown, key?: unknown): { scope: CredentialScope; id: string; key?: string } {
  const checkedScope = oneOf(CREDENTIAL_SCOPES, scope, 'scope');
  const checkedId =
    checkedScope === 'provider'
      ? matching(PROVIDER_ID, 'a provider id such as "openrouter"', id, 'id')
      : matching(MCP_NAME, 'an MCP name such as "github"', id, 'id');
  if (key === undefined) return { scope: checkedScope, id: checkedId };
  return { scope: checkedScope, id: checkedId, key: matching(CREDENTIAL_KEY, 'a credential key such as "apiKey"', key, 'key', 100) };
}

export function checkValue(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw badField('value', 'must be a non-empty string (to remove a credential, clear it)');
  if (value.length > MAX_VALUE_LENGTH) throw badField('value', `must be at most ${MAX_VALUE_LENGTH} characters`);
  return value;
}

export function withCredential(all: SealedCredentials, scope: CredentialScope, id: string, key: string, value: SealedValue): SealedCredentials {
  const table = TABLE_OF[scope];
  return { ...all, [table]: { ...all[table], [id]: { ...all[table][id], [key]: value } } };
}

/** Without one key (or, with no key, every key of `id`); undefined when there was nothing to remove. */
export function withoutCredential(all: SealedCredentials, scope: CredentialScope, id: string, key?: string): SealedCredentials | undefined {
  const table = TABLE_OF[scope];
  const entries = all[table][id];
  if (entries === undefined || (key !== undefined && !Object.hasOwn(entries, key))) return undefined;
  const others = Object.fromEntries(Object.entries(all[table]).filter(([name]) => name !== id));
  const rest = key === undefined ? {} : Object.fromEntries(Object.entries(entries).filter(([name]) => name !== key));
  return { ...all, [table]: Object.keys(rest).length === 0 ? others : { ...others, [id]: rest } };
}

/** Credentials read back from disk; throws (naming the entry) when they are not what we write. */
export function parseSealedCredentials(input: unknown): SealedCredentials {
  const all = record(input, 'credentials');
  const result: Record<string, Record<string, Record<string, SealedValue>>> = { providers: {}, mcps: {} };
  for (const scope of CREDENTIAL_SCOPES) {
    const table = TABLE_OF[scope];
    for (const [id, entries] of Object.entries(record(all[table] ?? {}, `credentials.${table}`))) {
      checkAddress(scope, id);
      const checked: Record<string, SealedValue> = {};
      for (const [key, value] of Object.entries(record(entries, `credentials.${table}.${id}`))) {
        checkAddress(scope, id, key);
        if (!isRecord(value) || typeof value['cipher'] !== 'string' || typeof value['sealed'] !== 'string') {
          throw badField(`credentials.${table}.${id}.${key}`, 'must be {cipher, sealed}');
        }
        checked[key] = { cipher: value['cipher'], sealed: value['sealed'] };
      }
      result[table]![id] = checked;
    }
  }
  return result as unknown as SealedCredentials;
}

export interface OpenedCredential {
  readonly scope: CredentialScope;
  readonly id: string;
  readonly key: string;
  /** The plaintext, or undefined with `error` saying why it could not be opened. */
  readonly value?: string;
  readonly error?: string;
}

/** Opens every stored credential; one that cannot be opened is reported, not fatal. */
export async function openCredentials(all: SealedCredentials, cipher: SecretCipher): Promise<OpenedCredential[]> {
  const jobs: Promise<OpenedCredential>[] = [];
  for (const scope of CREDENTIAL_SCOPES) {
    for (const [id, entries] of Object.entries(all[TABLE_OF[scope]])) {
      for (const [key, stored] of Object.entries(entries)) jobs.push(openOne(scope, id, key, stored, cipher));
    }
  }
  return Promise.all(jobs);
}

async function openOne(scope: CredentialScope, id: string, key: string, stored: SealedValue, cipher: SecretCipher): Promise<OpenedCredential> {
  const name = `${scope} credential ${id}.${key}`;
  if (stored.cipher !== cipher.kind) {
    return { scope, id, key, error: `The ${name} was sealed by "${stored.cipher}" storage, but this host uses "${cipher.kind}"; set it again here.` };
  }
  try {
    return { scope, id, key, value: await cipher.decrypt(stored.sealed) };
  } catch (error) {
    const why = error instanceof CodedError ? error.message : String(error);
    return { scope, id, key, error: `The ${name} cannot be read; set it again. ${why}` };
  }
}

export interface SecretCredentialView {
  readonly set: true;
  readonly secret: true;
  readonly mask: string;
  /** False when the stored value cannot be decrypted here; the user has to set it again. */
  readonly readable: boolean;
}

export interface PlainCredentialView {
  readonly set: true;
  readonly secret: false;
  /** The value (null when it cannot be decrypted). */
  readonly value: string | null;
  readonly readable: boolean;
}

export type CredentialView = SecretCredentialView | PlainCredentialView;

export interface CredentialsView {
  readonly providers: Readonly<Record<string, Readonly<Record<string, CredentialView>>>>;
  readonly mcps: Readonly<Record<string, Readonly<Record<string, CredentialView>>>>;
}

export function credentialsView(opened: readonly OpenedCredential[], isSecret: CredentialSecrecy): CredentialsView {
  const view = { providers: {}, mcps: {} } as Record<keyof SealedCredentials, Record<string, Record<string, CredentialView>>>;
  for (const { scope, id, key, value } of opened) {
    const readable = value !== undefined;
    const entry: CredentialView = isSecret(scope, id, key)
      ? { set: true, secret: true, mask: MASK, readable }
      : { set: true, secret: false, value: value ?? null, readable };
    (view[TABLE_OF[scope]][id] ??= {})[key] = entry;
  }
  return view;
}

/** The readable credentials as plain maps, the way the runtime takes them. */
export function plainCredentials(opened: readonly OpenedCredential[]): Record<keyof SealedCredentials, Record<string, Record<string, string>>> {
  const plain = { providers: {}, mcps: {} } as Record<keyof SealedCredentials, Record<string, Record<string, string>>>;
  for (const { scope, id, key, value } of opened) {
    if (value !== undefined) (plain[TABLE_OF[scope]][id] ??= {})[key] = value;
  }
  return plain;
}
