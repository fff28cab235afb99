export { OPENCODE_SOURCES, opencodeSourceSettings, recheckRuntimeBinary, resolveRuntimeBinary, SIDECAR_ENV, type OpencodeSource, type OpencodeSourceOptions, type ResolveRuntimeOptions, type SourceSettingsInput } from './sidecar/source.js';
export { sha256File, SIDECAR_MANIFEST_NAME, verifiedSidecar, type SidecarOptions, type VerifiedSidecar } from './sidecar/cache.js';
export { parseSidecarManifest, platformKey, type SidecarEntry, type SidecarManifest } from './sidecar/manifest.js';
export { BINARY_OVERRIDE_ENV, platformPackages, resolveOpencodeBinary, sdkVersion, type OpencodeBinary, type ResolveBinaryOptions } from './binary.js';
export { treeCpuTicks } from './cpu-time.js';
export { writePrivateFile } from './private-write.js';
export { fetchRetryingReset } from './reset-retry-fetch.js';
export { REDACTIONS_FILE, writePrivateConfig, type PrivateConfigFile } from './config-file.js';
export { OFFLINE_SWITCHES, runtimeEnvironment, runtimeHome, type RuntimeHome } from './environment.js';
export { RuntimeErrorCode, RuntimeStartError } from './errors.js';
export { followEventStream, readSseJson, type EventStreamOptions } from './event-stream.js';
export { launchOpencode, SERVE_ARGS, type ExitInfo, type LaunchOptions, type LaunchSandbox, type RuntimeProcess } from './launch.js';
export { isolateMcpCommands, RUNTIME_ONLY_ENV, SCRUB_PREFIX } from './mcp-isolation.js';
export { launchPaths, RuntimeBoundary, type Admission, type BootBoundary, type RuntimeSandboxOptions } from './runtime-boundary.js';
export {
  chainOf,
  findProjectConfig,
  PROJECT_CONFIG_FILES,
  PROJECT_CONFIG_FOLDER,
  untrustedProjectConfig,
  type FolderConfig,
  type ProjectConfigItem,
  type ProjectConfigKind,
} from './project-config.js';
export { installToolGuard, TOOL_GUARD_PLUGIN, TOOL_GUARD_REFUSAL, toolGuardPluginSource, type ToolGuardInput } from './tool-guard.js';
export { installShellEnvGuard, SHELL_ENV_PLUGIN, shellEnvPluginSource } from './shell-env-guard.js';
export { LogBuffer, REDACTED, redactText, type LogLine } from './log-buffer.js';
export { isOurRuntime, PidLedger, type LedgerEntry, type SweepReport } from './orphans.js';
export type { PermissionCapability, PermissionChoice, RuntimeSettings } from './settings.js';
export type { RuntimeState, RuntimeStatus } from './status.js';
export { RuntimeSupervisor, type RuntimeConnection, type RuntimeLaunchConfig, type SupervisorOptions } from './supervisor.js';
export {
  agentMayWrite,
  buildOpencodeConfig,
  BuildWarningCode,
  BUILT_IN_AGENTS,
  CAPABILITY_KEYS,
  checkAgent,
  choiceLevel,
  customAsConfigured,
  customMcpTool,
  withCustomMcps,
  mcpToolPrefix,
  namespacePrefix,
  opencodeToolPattern,
  skillId,
  NAME_ISSUES,
  RESERVED_AGENT_NAMES,
  resolveCapabilities,
  type AgentCheckContext,
  type AgentIssue,
  type AgentIssueKind,
  type BuildInput,
  type CatalogModelRef,
  type BuiltInAgentName,
  type BuildResult,
  type BuildWarning,
  type BundledResources,
  type Capabilities,
  type CapabilityKey,
  type Level,
  type OpencodeConfig,
} from './opencode-config/index.js';
export { appLaunchConfig, bundledResources, type AppLaunchConfig, type AppLaunchInput } from './app-launch.js';
export * from './events/index.js';
export * from './session/index.js';
