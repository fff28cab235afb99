export {
  CodedError,
  GENERIC_HOST_ERRORS,
  HOST_ERROR_CODES,
  HostErrorCode,
  httpStatusOf,
  isErrorEnvelope,
  isHostErrorCode,
  type ErrorEnvelope,
  type HostError,
  type HostErrorData,
  type HostIssue,
} from './errors.js';
export { HOST_CONTRACT_VERSION, type EventSpec, type JsonSchema, type MethodSpec } from './contract.js';
export { HOST_METHODS } from './methods.js';
export { HOST_EVENTS } from './events.js';
export { HOST_DEFS, type HostDefName } from './schemas/index.js';
export { WORKFLOW_ARG_MAX_LENGTH } from './schemas/workflows.js';
export {
  defSchemaOf,
  HOST_EVENT_SCHEMAS,
  HOST_METHOD_SCHEMAS,
  JSON_SCHEMA_DIALECT,
  paramsSchemaOf,
  payloadSchemaOf,
  resultSchemaOf,
  withHostDefs,
} from './schema-bundle.js';
export {
  HOST_EVENT_NAMES,
  HOST_METHOD_NAMES,
  isHostEventName,
  isHostMethodName,
  type HostApi,
  type HostEvent,
  type HostEventName,
  type HostEventPayload,
  type HostMethodName,
  type HostParams,
  type HostResult,
} from './api.js';
export type * from './generated/host-types.js';
export * from './tasks.js';
