export * from './log/index.js';
export * from './ports/index.js';
export * from './state/index.js';
export * from './transport/index.js';
export { HostRuntime, type HostRuntimeOptions, type RuntimeSettingsSource } from './runtime/host-runtime.js';
export * from './handlers.js';
export { Host, type HostOptions } from './host.js';
export { type ApprovalPolicy } from './services/approvals.js';
export { contentTypeOf, imageTypeOf } from './content-types.js';
