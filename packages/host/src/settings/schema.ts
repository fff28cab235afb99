// What user settings are, their defaults, and how a patch is checked and applied.
// Stored settings keep only what the user chose, so a changed default reaches everyone who
// never chose; what callers see is always complete (defaults filled in, choices clamped).
import type { PermissionLevel } from '@open-cowork/config';
import { CodedError, HostErrorCode, type Appearance, type PermissionCeilings, type SandboxChoice, type Settings, type SettingsPatch } from '@open-cowork/contracts';
import type { PermissionCapability, PermissionChoice } from '@open-cowork/runtime';
import { badField, boolean, matching, MODEL_REF, oneOf, PROVIDER_ID, quote, record } from '../state/fields.js';

export const PERMISSION_CAPABILITIES = ['bash', 'fileWrite', 'task', 'web'] as const satisfies readonly PermissionCapability[];
export const PERMISSION_CHOICES = ['off', 'ask', 'allow'] as const satisfies readonly PermissionChoice[];
export const APPEARANCES = ['light', 'dark', 'system'] as const satisfies readonly Appearance[];
export const SANDBOX_CHOICES = ['auto', 'none', 'bwrap', 'podman', 'docker', 'macos'] as const satisfies readonly SandboxChoice[];

/**
 * The app config's `permissions`: the most permissive level per capability (unset: allow),
 * whether web search may be on, and the sandbox when the config fixes it.
 */
export type PermissionPolicy = Readonly<Partial<Record<PermissionCapability, PermissionLevel>>> & { readonly webSearch?: boolean; readonly sandbox?: SandboxChoice };

/** Only what the user set. */
export interface StoredSettings {
  model?: string;
  smallModel?: string;
  enabledProviders?: string[];
  permissions?: Partial<Record<PermissionCapability, PermissionChoice>>;
  webSearch?: boolean;
  sandbox?: SandboxChoice;
  appearance?: Appearance;
  language?: string;
}

/**
 * A checked patch. Wider than the contract's SettingsPatch: any field may be null (back to
 * its default), including a single permission.
 */
type CheckedPatch = {
  readonly [K in Exclude<keyof StoredSettings, 'permissions'>]?: StoredSettings[K] | null;
} & {
  readonly permissions?: { readonly [C in PermissionCapability]?: PermissionChoice | null } | null;
};

export const DEFAULT_SETTINGS = {
  permissions: { bash: 'ask', fileWrite: 'ask', task: 'ask', web: 'ask' },
  webSearch: true,
  sandbox: 'auto',
  appearance: 'system',
} as const satisfies Pick<Settings, 'permissions' | 'webSearch' | 'sandbox' | 'appearance'>;

const SETTING_NAMES = ['model', 'smallModel', 'enabledProviders', 'permissions', 'webSearch', 'sandbox', 'appearance', 'language'] as const satisfies readonly (keyof StoredSettings)[];
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const MAX_PROVIDERS = 200;

/**
 * Checks each field of a patch (nulls allowed, unknown fields rejected) or of stored
 * settings (no nulls; unknown fields, say from a newer version, skipped).
 */
function checkFields(input: unknown, mode: 'patch' | 'stored'): Record<string, unknown> {
  const allowNull = mode === 'patch';
  const result: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record(input, mode === 'patch' ? 'patch' : 'settings'))) {
    if (!(SETTING_NAMES as readonly string[]).includes(field)) {
      if (mode === 'stored') continue;
      throw badField(field, `is not a setting (known: ${SETTING_NAMES.join(', ')})`);
    }
    if (value === null && allowNull) {
      result[field] = null;
      continue;
    }
    switch (field) {
      case 'model':
      case 'smallModel':
        result[field] = matching(MODEL_REF, 'a "provider/model" reference', value, field);
        break;
      case 'enabledProviders':
        result[field] = providerIds(value, field);
        break;
      case 'permissions':
        result[field] = permissionChoices(value, allowNull, field);
        break;
      case 'webSearch':
        result[field] = boolean(value, field);
        break;
      case 'sandbox':
        result[field] = oneOf(SANDBOX_CHOICES, value, field);
        break;
      case 'appearance':
        result[field] = oneOf(APPEARANCES, value, field);
        break;
      case 'language':
        result[field] = matching(LANGUAGE_TAG, 'a BCP 47 language tag such as "en" or "pt-BR"', value, field, 35);
        break;
    }
  }
  return result;
}

function providerIds(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length > MAX_PROVIDERS) throw badField(field, `must be a list of provider ids (got ${quote(value)})`);
  return [...new Set(value.map((id, index) => matching(PROVIDER_ID, 'a provider id', id, `${field}[${index}]`, 128)))];
}

function permissionChoices(value: unknown, allowNull: boolean, field: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [capability, choice] of Object.entries(record(value, field))) {
    const at = `${field}.${capability}`;
    if (!(PERMISSION_CAPABILITIES as readonly string[]).includes(capability)) {
      throw badField(at, `is not a permission (known: ${PERMISSION_CAPABILITIES.join(', ')})`);
    }
    result[capability] = choice === null && allowNull ? null : oneOf(PERMISSION_CHOICES, choice, at);
  }
  return result;
}

/** A patch from outside, checked field by field (BAD_REQUEST naming the first bad field). */
export function parsePatch(input: SettingsPatch | CheckedPatch | unknown): CheckedPatch {
  return checkFields(input, 'patch') as CheckedPatch;
}

/** Settings read back from disk; throws (naming the field) when they are not what we write. */
export function parseStoredSettings(input: unknown): StoredSettings {
  return checkFields(input, 'stored') as StoredSettings;
}

const RANK: Readonly<Record<PermissionChoice, number>> = { off: 0, ask: 1, allow: 2 };
const LEVEL_CHOICE: Readonly<Record<PermissionLevel, PermissionChoice>> = { deny: 'off', ask: 'ask', allow: 'allow' };

/** What the UI may offer: the highest choice per capability, and whether web search may be on. */
export function permissionCeilings(policy: PermissionPolicy): PermissionCeilings {
  const ceiling = (capability: PermissionCapability): PermissionChoice => LEVEL_CHOICE[policy[capability] ?? 'allow'];
  return {
    bash: ceiling('bash'),
    fileWrite: ceiling('fileWrite'),
    task: ceiling('task'),
    web: ceiling('web'),
    webSearch: policy.webSearch ?? true,
    ...(policy.sandbox === undefined ? {} : { sandbox: policy.sandbox }),
  };
}

/** Rejects a patch that chooses more than the config allows (PERMISSION_CEILING, data: capability, requested, ceiling). */
export function checkCeilings(patch: CheckedPatch, policy: PermissionPolicy): void {
  const ceilings = permissionCeilings(policy);
  for (const capability of PERMISSION_CAPABILITIES) {
    const requested = patch.permissions?.[capability];
    if (requested === undefined || requested === null || RANK[requested] <= RANK[ceilings[capability]]) continue;
    throw new CodedError(
      HostErrorCode.PermissionCeiling,
      `permissions.${capability}: "${requested}" is not allowed here; this app's configuration allows at most "${ceilings[capability]}".`,
      { capability, requested, ceiling: ceilings[capability] },
    );
  }
  if (patch.webSearch === true && !ceilings.webSearch) {
    throw new CodedError(HostErrorCode.PermissionCeiling, 'webSearch: web search is switched off in this app\'s configuration.', {
      capability: 'webSearch',
      requested: 'on',
      ceiling: 'off',
    });
  }
  if (patch.sandbox !== undefined && patch.sandbox !== null && ceilings.sandbox !== undefined && patch.sandbox !== ceilings.sandbox) {
    throw new CodedError(
      HostErrorCode.PermissionCeiling,
      `sandbox: "${patch.sandbox}" is not allowed here; this app's configuration fixes the sandbox to "${ceilings.sandbox}".`,
      { capability: 'sandbox', requested: patch.sandbox, ceiling: ceilings.sandbox },
    );
  }
}

export function applyPatch(stored: StoredSettings, patch: CheckedPatch): StoredSettings {
  const next: Record<string, unknown> = { ...stored };
  for (const [name, value] of Object.entries(patch)) {
    if (name === 'permissions') continue;
    if (value === null) delete next[name];
    else next[name] = value;
  }
  if (patch.permissions !== undefined) {
    const permissions: Record<string, PermissionChoice> = patch.permissions === null ? {} : { ...stored.permissions };
    for (const [capability, choice] of Object.entries(patch.permissions ?? {})) {
      if (choice === null) delete permissions[capability];
      else permissions[capability] = choice;
    }
    if (Object.keys(permissions).length === 0) delete next['permissions'];
    else next['permissions'] = permissions;
  }
  return next as StoredSettings;
}

/** Stored settings with defaults filled in and every choice clamped to the config's ceilings. */
export function effectiveSettings(stored: StoredSettings, policy: PermissionPolicy): Settings {
  const ceilings = permissionCeilings(policy);
  const permissions = {} as Record<PermissionCapability, PermissionChoice>;
  for (const capability of PERMISSION_CAPABILITIES) {
    const chosen = stored.permissions?.[capability] ?? DEFAULT_SETTINGS.permissions[capability];
    const ceiling = ceilings[capability];
    permissions[capability] = RANK[chosen] > RANK[ceiling] ? ceiling : chosen;
  }
  return {
    ...(stored.model === undefined ? {} : { model: stored.model }),
    ...(stored.smallModel === undefined ? {} : { smallModel: stored.smallModel }),
    ...(stored.enabledProviders === undefined ? {} : { enabledProviders: [...stored.enabledProviders] }),
    permissions,
    permissionCeilings: ceilings,
    webSearch: (stored.webSearch ?? DEFAULT_SETTINGS.webSearch) && ceilings.webSearch,
    sandbox: ceilings.sandbox ?? stored.sandbox ?? DEFAULT_SETTINGS.sandbox,
    appearance: stored.appearance ?? DEFAULT_SETTINGS.appearance,
    ...(stored.language === undefined ? {} : { language: stored.language }),
  };
}
