/**
 * The catalogue of configuration problems. Codes are stable: tools, tests and
 * support scripts match on them, so rename nothing here without a migration note.
 */
export const ConfigErrorCode = {
  FileUnreadable: 'CONFIG_FILE_UNREADABLE',
  FileNotFound: 'CONFIG_FILE_NOT_FOUND',
  PathIsDirectory: 'CONFIG_PATH_IS_DIRECTORY',
  ParseError: 'CONFIG_PARSE_ERROR',
  NotAnObject: 'CONFIG_NOT_AN_OBJECT',
  ForbiddenKey: 'CONFIG_FORBIDDEN_KEY',
  PlaceholderInvalid: 'CONFIG_PLACEHOLDER_INVALID',
  PlaceholderNotAllowed: 'CONFIG_PLACEHOLDER_NOT_ALLOWED',
  SchemaViolation: 'CONFIG_SCHEMA_VIOLATION',
  UnknownProperty: 'CONFIG_UNKNOWN_PROPERTY',
  MissingProperty: 'CONFIG_MISSING_PROPERTY',
  DuplicateId: 'CONFIG_DUPLICATE_ID',
  ProviderUnknown: 'CONFIG_PROVIDER_UNKNOWN',
  DefaultProviderUnavailable: 'CONFIG_DEFAULT_PROVIDER_UNAVAILABLE',
  DefaultModelUnknown: 'CONFIG_DEFAULT_MODEL_UNKNOWN',
  McpCommandMissing: 'CONFIG_MCP_COMMAND_MISSING',
  McpUrlMissing: 'CONFIG_MCP_URL_MISSING',
  McpFieldMismatch: 'CONFIG_MCP_FIELD_MISMATCH',
  InsecureUrl: 'CONFIG_INSECURE_URL',
  ReferenceUnknown: 'CONFIG_REFERENCE_UNKNOWN',
  CredentialOptionsMissing: 'CONFIG_CREDENTIAL_OPTIONS_MISSING',
  AssetInvalid: 'CONFIG_ASSET_INVALID',
  AssetNotFound: 'CONFIG_ASSET_NOT_FOUND',
  AuthIncomplete: 'CONFIG_AUTH_INCOMPLETE',
  AgentNameReserved: 'CONFIG_AGENT_NAME_RESERVED',
  ManagedLayerInvalid: 'CONFIG_MANAGED_LAYER_INVALID',
  DefaultLayerInvalid: 'CONFIG_DEFAULT_LAYER_INVALID',
  VariableIgnored: 'CONFIG_VARIABLE_IGNORED',
  FilePlaceholderInvalid: 'CONFIG_FILE_PLACEHOLDER_INVALID',
  FilePlaceholderNotFound: 'CONFIG_FILE_PLACEHOLDER_NOT_FOUND',
  ListMarkerMisplaced: 'CONFIG_LIST_MARKER_MISPLACED',
  SectionInert: 'CONFIG_SECTION_INERT',
} as const;

export type ConfigErrorCode = (typeof ConfigErrorCode)[keyof typeof ConfigErrorCode];

export type IssueSeverity = 'error' | 'warning';

/** One problem found in one file, at one JSON pointer. */
export interface ConfigIssue {
  readonly code: ConfigErrorCode;
  readonly severity: IssueSeverity;
  /** The file the problem is in; for problems only visible after merging, the layer that introduced it. */
  readonly file: string;
  /** RFC 6901 JSON pointer inside `file` ("" is the whole document). */
  readonly pointer: string;
  readonly message: string;
  /** 1-based position in `file`, when the pointer exists there. */
  readonly line?: number;
  readonly column?: number;
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  const at = issue.pointer === '' ? '(document)' : issue.pointer;
  return `${where} ${at}: ${issue.message} [${issue.code}]`;
}
