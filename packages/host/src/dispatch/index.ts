// The transport-neutral dispatcher and what the transports and features need of it.
export { inProcess, type CallContext, type Caller, type HttpCaller, type InProcessCaller, type IpcCaller } from './context.js';
export { asIssues, badRequest, Dispatcher, replyError, type CallDispatcher, type CallHooks, type CallInfo, type CallReply, type DispatcherOptions } from './dispatcher.js';
export type { HandlersFor, HostHandler, HostHandlers } from './handlers.js';
export { HostDispatcher, type HostDispatcherOptions } from './host-dispatcher.js';
export {
  compileMethodTable,
  describeSchemaError,
  type CompileOptions,
  type CompiledSchema,
  type MethodEntry,
  type MethodHandler,
  type MethodSchemas,
  type MethodTable,
  type SchemaCompiler,
  type SchemaErrorLike,
  type ValidationIssue,
  type ValidationOutcome,
} from './method-table.js';
