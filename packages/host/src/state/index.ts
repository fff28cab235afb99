export {
  allSecret,
  CREDENTIAL_SCOPES,
  secrecyFromConfig,
  type CredentialScope,
  type CredentialSecrecy,
  type CredentialsView,
  type CredentialView,
  type PlainCredentialView,
  type SecretCredentialView,
} from './credentials.js';
export { PrivateJsonFile, writePrivateJson, type DamageReport, type PrivateJsonFileOptions } from './private-file.js';
export { warnProblem, type ProblemSink, type StateProblem } from './problems.js';
export {
  APPEARANCES,
  DEFAULT_SETTINGS,
  PERMISSION_CAPABILITIES,
  PERMISSION_CHOICES,
  permissionCeilings,
  type PermissionPolicy,
} from './settings-schema.js';
export { SettingsStore, type SettingsChange, type SettingsStoreOptions } from './settings-store.js';
export { WorkspaceRegistry, type WorkspaceRegistryOptions } from './workspaces.js';
