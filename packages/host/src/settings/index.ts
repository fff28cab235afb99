// Settings and credentials: the store, its schema, the secrecy of each credential, and settings.*.
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
export {
  APPEARANCES,
  DEFAULT_SETTINGS,
  PERMISSION_CAPABILITIES,
  PERMISSION_CHOICES,
  permissionCeilings,
  type PermissionPolicy,
} from './schema.js';
export { SettingsStore, type SettingsChange, type SettingsStoreOptions } from './store.js';
