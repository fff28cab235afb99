import type { Agent, McpServer, OpenCoworkConfig } from '@open-cowork/config';
import type { Config } from '@opencode-ai/sdk/v2';
import type { RuntimeSettings } from '../settings.js';
import type { BuildWarning } from './warnings.js';

/** OpenCode's own config document, as the pinned SDK describes it. */
export type OpencodeConfig = Config;

/** What the host knows about the files it ships: resolved on disk, passed in as data. */
export interface BundledResources {
  /**
   * The absolute command line that starts a bundled MCP server, by its `packageName`
   * (e.g. `[process.execPath, "/app/mcps/clock/dist/index.js"]`); undefined when the
   * package is not shipped.
   */
  mcpCommand(packageName: string): readonly string[] | undefined;
  /**
   * Extra environment the host gives one bundled MCP process, by `packageName` (e.g. the
   * agents server's loopback bridge URL and token, the skills server's custom-skills
   * folder). It reaches that server only, and wins over the config's values.
   */
  mcpEnvironment?(packageName: string): Readonly<Record<string, string>> | undefined;
  /** Skill id (`sourceName`, or `name` without one) → absolute folder holding that skill's SKILL.md. */
  readonly skillDirs: Readonly<Record<string, string>>;
}

export interface BuildInput {
  /** The effective app config, schema defaults filled in. */
  readonly config: OpenCoworkConfig;
  /** The user's choices and decrypted credentials. */
  readonly settings: RuntimeSettings;
  readonly bundled: BundledResources;
  /**
   * The user's saved agents (the host contract's CustomAgent, which has the shape of an
   * `agents[]` entry). They go through the same check and permission builder as configured
   * agents and are written after them; unset `mode` means "all". One that takes a reserved
   * or configured name is skipped with a warning.
   */
  readonly customAgents?: readonly Agent[];
  /**
   * The user's own MCP servers (the host's custom MCP store), in `mcps[]` shape with their
   * values opened. Each joins after the configured servers with a catalog entry of its
   * name (see custom-mcps.ts); one whose name the config uses is skipped with a warning.
   */
  readonly customMcps?: readonly McpServer[];
  /** Extra folders OpenCode scans for skills (the app-managed custom skills folder). */
  readonly extraSkillPaths?: readonly string[];
  /**
   * The application-default-credentials file written while the user is signed in with
   * Google. Local servers with `googleAuth: true` get GOOGLE_APPLICATION_CREDENTIALS set to
   * it; unset (signed out), they get nothing and fail their authenticated calls cleanly.
   */
  readonly googleCredentials?: string;
  /**
   * Models a provider's dynamic catalog lists, by provider id. Written under that provider's
   * entry (when it has one) after its featured models, so OpenCode can run a model the
   * picker offers only because the catalog named it. Featured and `modelInfo` fields win.
   */
  readonly catalogModels?: Readonly<Record<string, readonly CatalogModelRef[]>>;
}

/** One model from a dynamic catalog, as the config builder needs it. */
export interface CatalogModelRef {
  readonly id: string;
  readonly name?: string;
}

export interface BuildResult {
  /**
   * OpenCode's config. It holds provider and MCP credentials: write it to a private
   * (0600) file for OPENCODE_CONFIG, never into an environment variable or a log.
   */
  readonly config: OpencodeConfig;
  /** Extra, non-secret environment variables for the runtime process. */
  readonly env: Record<string, string>;
  readonly warnings: BuildWarning[];
}
