// Problems found while turning the app config and the user's settings into OpenCode's
// config. None of them stops the runtime: the affected entry is left out (or left to
// OpenCode's defaults) and the rest still applies.

/**
 * The catalogue of build warnings. Codes are stable: the host logs them, tests match on
 * them, and support tooling may too, so rename nothing here without a migration note.
 */
export const BuildWarningCode = {
  /** A descriptor says `runtime: "custom"` but `providers.custom` has no entry for it. */
  CustomProviderMissing: 'OPENCODE_CONFIG_CUSTOM_PROVIDER_MISSING',
  /** A `providers.custom` entry is not in `providers.available`, so it is not passed on. */
  CustomProviderUnavailable: 'OPENCODE_CONFIG_CUSTOM_PROVIDER_UNAVAILABLE',
  /** The user's settings name a provider the config does not offer. */
  ProviderNotOffered: 'OPENCODE_CONFIG_PROVIDER_NOT_OFFERED',
  /** A stored provider credential whose key the provider does not declare; it is dropped. */
  ProviderCredentialUnknown: 'OPENCODE_CONFIG_PROVIDER_CREDENTIAL_UNKNOWN',
  /** A model reference is not in "provider/model" form. */
  ModelRefInvalid: 'OPENCODE_CONFIG_MODEL_REF_INVALID',
  /** A model reference names a provider that is not enabled. */
  ModelProviderDisabled: 'OPENCODE_CONFIG_MODEL_PROVIDER_DISABLED',
  /** A `providers.modelInfo` key matches no enabled provider's model. */
  ModelInfoUnmatched: 'OPENCODE_CONFIG_MODEL_INFO_UNMATCHED',
  /** A limit override lacks a field OpenCode requires, so the runtime catalog's value stands. */
  ModelLimitIncomplete: 'OPENCODE_CONFIG_MODEL_LIMIT_INCOMPLETE',
  /** A cost override lacks a field OpenCode requires, so the runtime catalog's value stands. */
  ModelCostIncomplete: 'OPENCODE_CONFIG_MODEL_COST_INCOMPLETE',
  /** An agent's `toolIds` names a tool the catalog does not have. */
  ToolUnknown: 'OPENCODE_CONFIG_TOOL_UNKNOWN',
  /** A configured or custom agent takes the name of one of OpenCode's own agents; it is skipped. */
  AgentNameReserved: 'OPENCODE_CONFIG_AGENT_NAME_RESERVED',
  /** A custom agent takes the name of a configured agent (or of an earlier custom one); it is skipped. */
  AgentNameTaken: 'OPENCODE_CONFIG_AGENT_NAME_TAKEN',
  /** An agent name that is not lower-case letters, digits and hyphens; the agent is skipped. */
  AgentNameInvalid: 'OPENCODE_CONFIG_AGENT_NAME_INVALID',
  /** An agent's `skillNames` names a skill the config does not have; it is not granted. */
  SkillUnknown: 'OPENCODE_CONFIG_SKILL_UNKNOWN',
  /** A bundled MCP package could not be found; the server is skipped. */
  McpBundleMissing: 'OPENCODE_CONFIG_MCP_BUNDLE_MISSING',
  /** A local MCP has neither `command` nor `packageName`; the server is skipped. */
  McpCommandMissing: 'OPENCODE_CONFIG_MCP_COMMAND_MISSING',
  /** A remote MCP has no `url`; the server is skipped. */
  McpUrlMissing: 'OPENCODE_CONFIG_MCP_URL_MISSING',
  /** A setting that does not apply to this kind of MCP (e.g. `headerSettings` on a local one). */
  McpSettingIgnored: 'OPENCODE_CONFIG_MCP_SETTING_IGNORED',
  /** A custom MCP takes the name of a configured MCP or tool catalog entry (the config gained it later); it is skipped. */
  McpNameTaken: 'OPENCODE_CONFIG_MCP_NAME_TAKEN',
  /** A configured skill has no bundled folder; OpenCode will not see it. */
  SkillBundleMissing: 'OPENCODE_CONFIG_SKILL_BUNDLE_MISSING',
} as const;

export type BuildWarningCode = (typeof BuildWarningCode)[keyof typeof BuildWarningCode];

/** One problem. Messages never contain credential values. */
export interface BuildWarning {
  readonly code: BuildWarningCode;
  readonly message: string;
  /**
   * RFC 6901 pointer into the effective app config, when the problem sits there; for a
   * custom agent, `/customAgents/<index>/…` into the list the builder was given.
   */
  readonly pointer?: string;
}

/** Collects warnings in the order they are found. */
export class Warnings {
  readonly #items: BuildWarning[] = [];

  add(code: BuildWarningCode, message: string, pointer?: string): void {
    this.#items.push(pointer === undefined ? { code, message } : { code, message, pointer });
  }

  list(): BuildWarning[] {
    return [...this.#items];
  }
}

/** Joins RFC 6901 pointer tokens: `pointer('mcps', 2, 'packageName')` → "/mcps/2/packageName". */
export function pointer(...tokens: readonly (string | number)[]): string {
  return tokens.map((token) => `/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
