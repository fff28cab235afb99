// What the user chose, as the runtime needs it. The host owns where these live (an
// encrypted settings file); the runtime only receives them, decrypted, in memory.

/** A user's choice for one capability, shown in Settings as Off / Ask / Allow. */
export type PermissionChoice = 'off' | 'ask' | 'allow';

/** The capabilities whose policy users choose (each clamped by `permissions` in the app config). */
export type PermissionCapability = 'bash' | 'fileWrite' | 'task' | 'web';

export interface RuntimeSettings {
  /** "provider/model" the user picked; falls back to the config's default provider and model. */
  readonly model?: string;
  /** "provider/model" for small chores (titles, summaries); OpenCode picks one when unset. */
  readonly smallModel?: string;
  /** Provider ids the user connected. Unset: every provider in `providers.available`. */
  readonly enabledProviders?: readonly string[];
  /** Per-capability choices. Unset capabilities start on Ask (fresh profiles). */
  readonly permissions?: Partial<Record<PermissionCapability, PermissionChoice>>;
  /** Whether the user lets OpenCode search the web; also capped by the config. Default true. */
  readonly webSearch?: boolean;
  /** Decrypted provider credentials: provider id → credential key (e.g. "apiKey") → value. */
  readonly providerCredentials?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Decrypted MCP credentials: MCP name → credential key → value. */
  readonly mcpCredentials?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}
